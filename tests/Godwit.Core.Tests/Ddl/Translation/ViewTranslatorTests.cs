using Godwit.Core.Ddl.Translation;

namespace Godwit.Core.Tests.Ddl.Translation;

public sealed class ViewTranslatorTests
{
    private static TranslationScope Scope() => new()
    {
        MapName = (n, _) => n.ToLowerInvariant(),
        IsBooleanColumn = c => c == "active",
        EnumLabels = c => c == "rating" ? ["G", "PG", "R"] : null,
    };

    private static string Select(string mysql) =>
        ViewTranslator.Translate("\"s\".\"v\"", mysql, Scope()) is { Translated: true } o ? o.Statements[0]["CREATE VIEW \"s\".\"v\" AS ".Length..] : "refused";

    private static string Reason(string mysql) => ViewTranslator.Translate("\"s\".\"v\"", mysql, Scope()).Reason ?? "translated";

    [Theory]
    [InlineData("select concat(`a`,' ',`b`) AS `n` from `t`", "SELECT ((\"a\")::text || ' ' || (\"b\")::text) AS \"n\" FROM \"t\"")]
    [InlineData("select if(`active`,'y','n') from `t`", "SELECT CASE WHEN \"active\" THEN 'y' ELSE 'n' END FROM \"t\"")]
    [InlineData("select if(`n`,'y','n') from `t`", "SELECT CASE WHEN (\"n\") <> 0 THEN 'y' ELSE 'n' END FROM \"t\"")]
    [InlineData("select ifnull(`a`,0) from `t` limit 5,10", "SELECT coalesce(\"a\", 0) FROM \"t\" LIMIT 10 OFFSET 5")]
    [InlineData("select date_format(`d`,'%Y-%m-%d %H:%i') from `t`", "SELECT to_char(\"d\", 'YYYY\"-\"MM\"-\"DD\" \"HH24\":\"MI') FROM \"t\"")]
    [InlineData("select `d` + interval 2 day from `t`", "SELECT \"d\" + (2) * INTERVAL '1 day' FROM \"t\"")]
    [InlineData("select `x` from `t` where `y` like 'a%' and `z` regexp '^b'", "SELECT \"x\" FROM \"t\" WHERE \"y\" ILIKE 'a%' AND \"z\" ~* '^b'")]
    public void Mysql_expressions_become_postgresql_ones(string mysql, string pg)
    {
        Assert.Equal(pg, Select(mysql));
    }

    [Fact]
    public void Group_concat_becomes_string_agg_with_its_order_and_separator()
    {
        Assert.Equal(
            "SELECT \"k\", string_agg((\"n\")::text, '; ' ORDER BY \"n\" DESC) FROM \"t\" GROUP BY \"k\"",
            Select("select `k`, group_concat(`n` order by `n` DESC separator '; ') from `t` group by `k`"));
    }

    [Fact]
    public void An_enum_order_key_sorts_by_the_labels_position_as_in_mysql()
    {
        Assert.Contains("ORDER BY array_position(ARRAY['G', 'PG', 'R']::text[], (\"rating\")::text)", Select("select group_concat(`title` order by `rating`) from `film`"), StringComparison.Ordinal);
        Assert.Contains("ENUM", Reason("select group_concat(distinct `rating` order by `rating`) from `film`"), StringComparison.Ordinal);
    }

    [Fact]
    public void Lax_group_by_gets_the_selected_columns_it_leaves_out()
    {
        Assert.Equal(
            "SELECT \"c\".\"city\", sum(\"p\".\"amount\") FROM \"p\" JOIN \"c\" ON \"c\".\"id\" = \"p\".\"c\" GROUP BY \"p\".\"c\", \"c\".\"city\"",
            Select("select `c`.`city`, sum(`p`.`amount`) from `p` join `c` on `c`.`id` = `p`.`c` group by `p`.`c`"));
    }

    [Fact]
    public void A_grouped_expression_needs_none_of_its_columns_grouped()
    {
        Assert.Equal(
            "SELECT extract(year from \"d\")::int, count(*) FROM \"t\" GROUP BY extract(year from \"d\")::int",
            Select("select year(`d`), count(*) from `t` group by year(`d`)"));
    }

    [Theory]
    [InlineData("select `a` DIV 2 from `t`", "DIV")]
    [InlineData("select `a` / 2 from `t`", "division")]
    [InlineData("select substring_index(`a`,'@',1) from `t`", "SUBSTRING_INDEX")]
    [InlineData("select @x from `t`", "@x")]
    public void What_cannot_be_translated_exactly_is_refused_with_the_reason(string mysql, string reason)
    {
        Assert.Contains(reason, Reason(mysql), StringComparison.Ordinal);
    }
}
