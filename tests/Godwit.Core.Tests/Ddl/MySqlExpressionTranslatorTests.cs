using Godwit.Core.Ddl;

namespace Godwit.Core.Tests.Ddl;

public sealed class MySqlExpressionTranslatorTests
{
    private static string? Translate(string expr, ExpressionContext context = ExpressionContext.Immutable) =>
        MySqlExpressionTranslator.TryTranslate(expr, context, (n, _) => n.ToLowerInvariant(), out var r, out _) ? r : null;

    [Theory]
    [InlineData("`Price` * `qty`", "\"price\" * \"qty\"")]
    [InlineData("lcase(`name`)", "lower(\"name\")")]
    [InlineData("ifnull(`a`,0) + 1", "coalesce(\"a\",0) + 1")]
    [InlineData("`a` <=> NULL", "\"a\" IS NOT DISTINCT FROM NULL")]
    [InlineData("'it\\'s' = `b`", "'it''s' = \"b\"")]
    [InlineData("`a` && `b`", "\"a\" AND \"b\"")]
    [InlineData("length(`s`) > 3", "octet_length(\"s\") > 3")]
    [InlineData("`x` like 'a%'", "\"x\" LIKE 'a%'")]
    [InlineData("`x` = N'abc'", "\"x\" = 'abc'")]
    public void Simple_expressions_translate(string mysql, string pg)
    {
        Assert.Equal(pg, Translate(mysql));
    }

    [Theory]
    [InlineData("if(`a`,1,2)")]
    [InlineData("`a` || `b`")]
    [InlineData("`a` div 2")]
    [InlineData("`a` regexp 'x'")]
    [InlineData("concat(`a`,`b`)")]
    [InlineData("now()")]
    [InlineData("'unterminated")]
    [InlineData("select 1")]
    [InlineData("`flags` = b'101'")]
    [InlineData("`h` = x'ff'")]
    [InlineData("`h` = 0xff")]
    public void Anything_unknown_or_not_immutable_fails_instead_of_guessing(string mysql)
    {
        Assert.Null(Translate(mysql));
    }

    [Fact]
    public void Defaults_may_use_volatile_functions()
    {
        Assert.Equal("CURRENT_TIMESTAMP(6)", Translate("current_timestamp(6)", ExpressionContext.Default));
        Assert.Equal("gen_random_uuid()", Translate("uuid()", ExpressionContext.Default));
        Assert.Equal("concat(\"a\",'x')", Translate("concat(`a`,'x')", ExpressionContext.View));
    }
}
