using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;

namespace Godwit.Core.Tests.Types;

public sealed class CastRuleEngineTests
{
    private static SourceColumn Col(string name, string type, bool autoIncrement = false, bool jsonAlias = false) =>
        new() { Name = name, Type = MySqlType.Parse(type) with { IsJsonAlias = jsonAlias }, IsAutoIncrement = autoIncrement };

    private static ColumnCast Default(string type, bool autoIncrement = false, bool jsonAlias = false) =>
        new CastRuleEngine([]).Resolve("shop", "t", Col("c", type, autoIncrement, jsonAlias));

    [Theory]
    [InlineData("tinyint(4)", "smallint", ValueConversionKind.Int16)]
    [InlineData("tinyint(1)", "boolean", ValueConversionKind.IntegerToBoolean)]
    [InlineData("tinyint(1) unsigned", "smallint", ValueConversionKind.Int16)]
    [InlineData("tinyint(3) unsigned", "smallint", ValueConversionKind.Int16)]
    [InlineData("smallint(6)", "smallint", ValueConversionKind.Int16)]
    [InlineData("smallint(5) unsigned", "integer", ValueConversionKind.Int32)]
    [InlineData("mediumint(9)", "integer", ValueConversionKind.Int32)]
    [InlineData("mediumint(8) unsigned", "integer", ValueConversionKind.Int32)]
    [InlineData("int(11)", "integer", ValueConversionKind.Int32)]
    [InlineData("int(10) unsigned", "bigint", ValueConversionKind.Int64)]
    [InlineData("bigint(20)", "bigint", ValueConversionKind.Int64)]
    [InlineData("bigint(20) unsigned", "numeric(20,0)", ValueConversionKind.Numeric)]
    [InlineData("decimal(10,2)", "numeric(10,2)", ValueConversionKind.Numeric)]
    [InlineData("decimal(10,2) unsigned", "numeric(10,2)", ValueConversionKind.Numeric)]
    [InlineData("float", "real", ValueConversionKind.Real)]
    [InlineData("float(7,3)", "real", ValueConversionKind.Real)]
    [InlineData("double", "double precision", ValueConversionKind.Double)]
    [InlineData("bit(1)", "bit(1)", ValueConversionKind.Bits)]
    [InlineData("bit(64)", "bit(64)", ValueConversionKind.Bits)]
    [InlineData("date", "date", ValueConversionKind.Date)]
    [InlineData("datetime", "timestamp", ValueConversionKind.Timestamp)]
    [InlineData("datetime(6)", "timestamp", ValueConversionKind.Timestamp)]
    [InlineData("timestamp(3)", "timestamptz", ValueConversionKind.TimestampTz)]
    [InlineData("time", "interval", ValueConversionKind.Interval)]
    [InlineData("year(4)", "smallint", ValueConversionKind.Int16)]
    [InlineData("char(3)", "varchar(3)", ValueConversionKind.Text)]
    [InlineData("varchar(255)", "varchar(255)", ValueConversionKind.Text)]
    [InlineData("tinytext", "text", ValueConversionKind.Text)]
    [InlineData("longtext", "text", ValueConversionKind.Text)]
    [InlineData("binary(16)", "bytea", ValueConversionKind.Bytes)]
    [InlineData("varbinary(20)", "bytea", ValueConversionKind.Bytes)]
    [InlineData("longblob", "bytea", ValueConversionKind.Bytes)]
    [InlineData("enum('a','b')", "text", ValueConversionKind.Text)]
    [InlineData("set('a','b')", "text[]", ValueConversionKind.SetToArray)]
    [InlineData("json", "jsonb", ValueConversionKind.Json)]
    [InlineData("uuid", "uuid", ValueConversionKind.Uuid)]
    [InlineData("inet4", "inet", ValueConversionKind.Inet)]
    [InlineData("inet6", "inet", ValueConversionKind.Inet)]
    [InlineData("geometry", "bytea", ValueConversionKind.Wkb)]
    [InlineData("point", "bytea", ValueConversionKind.Wkb)]
    [InlineData("multipolygon", "bytea", ValueConversionKind.Wkb)]
    public void Every_type_has_a_default_target_and_conversion(string source, string target, ValueConversionKind kind)
    {
        var cast = Default(source);

        Assert.Equal(target, cast.TargetType.ToSql());
        Assert.Equal(kind, cast.Conversion.Kind);
        Assert.Equal("default", cast.Origin);
    }

    [Fact]
    public void Mariadb_json_alias_longtext_becomes_jsonb()
    {
        var cast = Default("longtext", jsonAlias: true);

        Assert.Equal("jsonb", cast.TargetType.ToSql());
        Assert.Equal(ValueConversionKind.Json, cast.Conversion.Kind);
    }

    [Fact]
    public void An_auto_increment_unsigned_bigint_becomes_a_bigint_so_it_can_be_an_identity()
    {
        var cast = Default("bigint(20) unsigned", autoIncrement: true);

        Assert.Equal("bigint", cast.TargetType.ToSql());
        Assert.NotNull(cast.LossyReason);
    }

    private static CastRuleEngine Engine(string yaml) => new(MigrationSpecLoader.Parse(yaml, "godwit.yaml").Rules, "godwit.yaml");

    [Fact]
    public void A_type_rule_changes_the_target_and_the_conversion_together()
    {
        var cast = Engine("rules:\n  - type: datetime\n    to: timestamptz\n").Resolve("shop", "t", Col("c", "datetime"));

        Assert.Equal("timestamptz", cast.TargetType.ToSql());
        Assert.Equal(ValueConversionKind.TimestampTz, cast.Conversion.Kind);
        Assert.Equal("godwit.yaml:2", cast.Origin);
    }

    [Fact]
    public void A_column_rule_beats_a_table_rule_which_beats_a_type_rule_whatever_the_order()
    {
        var engine = Engine("""
            rules:
              - column: shop.orders.flag
                to: integer
              - table: shop.orders
                type: tinyint(1)
                to: smallint
              - type: tinyint(1)
                to: bigint
            """);

        Assert.Equal("integer", engine.Resolve("shop", "orders", Col("flag", "tinyint(1)")).TargetType.ToSql());
        Assert.Equal("smallint", engine.Resolve("shop", "orders", Col("other", "tinyint(1)")).TargetType.ToSql());
        Assert.Equal("bigint", engine.Resolve("shop", "users", Col("other", "tinyint(1)")).TargetType.ToSql());
    }

    [Fact]
    public void Among_equally_specific_rules_the_later_one_wins()
    {
        var engine = Engine("rules:\n  - type: datetime\n    to: timestamptz\n  - type: datetime\n    to: text\n");

        Assert.Equal("text", engine.Resolve("shop", "t", Col("c", "datetime")).TargetType.ToSql());
    }

    [Fact]
    public void A_type_rule_with_arguments_only_matches_those_arguments()
    {
        var engine = Engine("rules:\n  - type: tinyint(1)\n    to: smallint\n");

        Assert.Equal("smallint", engine.Resolve("shop", "t", Col("a", "tinyint(1)")).TargetType.ToSql());
        Assert.Equal("smallint", engine.Resolve("shop", "t", Col("b", "tinyint(4)")).TargetType.ToSql());
        Assert.Equal("default", engine.Resolve("shop", "t", Col("b", "tinyint(4)")).Origin);
    }

    [Fact]
    public void An_unsigned_bigint_rule_can_choose_bigint()
    {
        var engine = Engine("rules:\n  - type: bigint unsigned\n    to: bigint\n");

        Assert.Equal("bigint", engine.Resolve("shop", "t", Col("a", "bigint(20) unsigned")).TargetType.ToSql());
        Assert.Equal("bigint", engine.Resolve("shop", "t", Col("b", "bigint(20)")).TargetType.ToSql());
        Assert.Equal("default", engine.Resolve("shop", "t", Col("b", "bigint(20)")).Origin);
    }

    [Fact]
    public void An_invalid_target_is_an_error_naming_the_spec_line()
    {
        var ex = Assert.Throws<CastRuleException>(() => Engine("rules:\n  - type: int\n    to: integer\n  - type: datetime\n    to: timestampz\n"));

        Assert.StartsWith("godwit.yaml:4: rule 'datetime -> timestampz'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a PostgreSQL type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_without_a_conversion_is_an_error_naming_the_spec_line()
    {
        var ex = Assert.Throws<CastRuleException>(() => Engine("rules:\n  - type: datetime\n    to: integer\n"));

        Assert.StartsWith("godwit.yaml:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no conversion from datetime to integer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_rule_without_a_conversion_fails_when_the_column_is_seen()
    {
        var engine = Engine("rules:\n  - column: shop.t.c\n    to: uuid\n");

        var ex = Assert.Throws<CastRuleException>(() => engine.Resolve("shop", "t", Col("c", "datetime")));

        Assert.StartsWith("godwit.yaml:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("shop.t.c (datetime)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_source_type_is_an_error()
    {
        var ex = Assert.Throws<CastRuleException>(() => Engine("rules:\n  - type: datetme\n    to: text\n"));

        Assert.Contains("'datetme' is not a MySQL or MariaDB type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_date_rules_set_the_policy_of_the_conversion()
    {
        var engine = Engine("rules:\n  - type: date\n    zero_dates: -infinity\n  - column: shop.t.strict\n    zero_dates: error\n");

        Assert.Equal(ZeroDatePolicy.NegativeInfinity, engine.Resolve("shop", "t", Col("c", "date")).Conversion.ZeroDates);
        Assert.Equal(ZeroDatePolicy.Error, engine.Resolve("shop", "t", Col("strict", "date")).Conversion.ZeroDates);
        Assert.Equal(ZeroDatePolicy.Null, engine.Resolve("shop", "t", Col("c", "datetime")).Conversion.ZeroDates);
    }

    [Fact]
    public void Keeping_zero_dates_needs_a_text_target()
    {
        var ex = Assert.Throws<CastRuleException>(() => Engine("rules:\n  - type: date\n    zero_dates: keep\n").Resolve("shop", "t", Col("c", "date")));
        Assert.StartsWith("godwit.yaml:2:", ex.Message, StringComparison.Ordinal);

        var ok = Engine("rules:\n  - type: date\n    to: text\n    zero_dates: keep\n").Resolve("shop", "t", Col("c", "date"));
        Assert.Equal(ValueConversionKind.Text, ok.Conversion.Kind);
    }

    [Fact]
    public void The_pg_enum_policy_makes_a_user_type_in_the_target_schema()
    {
        var engine = new CastRuleEngine(
            MigrationSpecLoader.Parse("rules:\n  - type: enum\n    enum: pg enum\n", "godwit.yaml").Rules,
            "godwit.yaml",
            new CastOptions { TargetSchema = "shop" });

        var cast = engine.Resolve("shop", "Orders", Col("Status", "enum('new','paid')"));

        Assert.True(cast.TargetType.IsUserDefined);
        Assert.Equal("\"shop\".\"orders_status\"", cast.TargetType.ToSql());
        Assert.Equal(EnumPolicy.PgEnum, cast.EnumPolicy);
    }

    private static SourceDatabase FkDatabase(string parentType, bool parentAutoIncrement, string childType = "bigint(20) unsigned") => new()
    {
        Name = "shop",
        Tables =
        [
            new SourceTable
            {
                Schema = "shop",
                Name = "parent",
                Columns = [Col("id", parentType, parentAutoIncrement)],
            },
            new SourceTable
            {
                Schema = "shop",
                Name = "child",
                Columns = [Col("id", "int(11)"), Col("parent_id", childType)],
                ForeignKeys = [new SourceForeignKey { Name = "fk_parent", Columns = ["parent_id"], ReferencedSchema = "shop", ReferencedTable = "parent", ReferencedColumns = ["id"] }],
            },
            new SourceTable
            {
                Schema = "shop",
                Name = "grandchild",
                Columns = [Col("child_parent_id", childType)],
                ForeignKeys = [new SourceForeignKey { Name = "fk_child", Columns = ["child_parent_id"], ReferencedSchema = "shop", ReferencedTable = "child", ReferencedColumns = ["parent_id"] }],
            },
        ],
    };

    [Fact]
    public void An_unsigned_bigint_fk_keeps_the_parent_type()
    {
        var casts = new CastRuleEngine([]).ResolveAll(FkDatabase("bigint(20) unsigned", parentAutoIncrement: true));

        Assert.Equal("bigint", casts["parent", "id"].TargetType.ToSql());
        Assert.Equal("bigint", casts["child", "parent_id"].TargetType.ToSql());
        Assert.Equal(ValueConversionKind.Int64, casts["child", "parent_id"].Conversion.Kind);
        Assert.Equal("bigint", casts["grandchild", "child_parent_id"].TargetType.ToSql());
        Assert.Contains(casts.Notes, n => n.Contains("shop.child.parent_id becomes bigint", StringComparison.Ordinal));
    }

    [Fact]
    public void A_column_rule_on_the_parent_carries_over_to_its_children()
    {
        var spec = MigrationSpecLoader.Parse("rules:\n  - column: shop.parent.id\n    to: bigint\n", "godwit.yaml");

        var casts = new CastRuleEngine(spec.Rules, "godwit.yaml").ResolveAll(FkDatabase("bigint(20) unsigned", parentAutoIncrement: false));

        Assert.Equal("bigint", casts["parent", "id"].TargetType.ToSql());
        Assert.Equal("bigint", casts["child", "parent_id"].TargetType.ToSql());
        Assert.Equal("bigint", casts["grandchild", "child_parent_id"].TargetType.ToSql());
        Assert.Equal(ValueConversionKind.Int64, casts["grandchild", "child_parent_id"].Conversion.Kind);
    }

    [Fact]
    public void Fk_columns_that_already_agree_are_left_alone()
    {
        var casts = new CastRuleEngine([]).ResolveAll(FkDatabase("bigint(20) unsigned", parentAutoIncrement: false));

        Assert.Equal("numeric(20,0)", casts["child", "parent_id"].TargetType.ToSql());
        Assert.Empty(casts.Notes);
    }

    [Theory]
    [InlineData("timestamp with time zone", "timestamptz")]
    [InlineData("character varying(10)", "varchar(10)")]
    [InlineData("NUMERIC( 20 , 0 )", "numeric(20,0)")]
    [InlineData("int8", "bigint")]
    [InlineData("text[]", "text[]")]
    [InlineData("geometry(Point, 4326)", "geometry(Point,4326)")]
    public void Pg_type_names_are_canonical(string text, string canonical)
    {
        Assert.True(PgTypeName.TryParse(text, out var t));
        Assert.Equal(canonical, t.ToSql());
    }

    [Theory]
    [InlineData("timestampz")]
    [InlineData("varchar(0)")]
    [InlineData("numeric(x)")]
    [InlineData("text; drop table x")]
    [InlineData("")]
    public void Unknown_pg_types_are_rejected(string text)
    {
        Assert.False(PgTypeName.TryParse(text, out _));
    }
}
