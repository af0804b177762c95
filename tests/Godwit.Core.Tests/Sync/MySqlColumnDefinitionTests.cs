using Godwit.Core.Schema;
using Godwit.Core.Sync;

namespace Godwit.Core.Tests.Sync;

/// <summary>Column definitions of ADD, MODIFY and CHANGE COLUMN read as introspection would show the column.</summary>
public sealed class MySqlColumnDefinitionTests
{
    [Theory]
    [InlineData("INT", "int", false, false)]
    [InlineData("INTEGER UNSIGNED", "int unsigned", true, false)]
    [InlineData("int(10) zerofill", "int(10) unsigned zerofill", true, true)]
    [InlineData("BOOL", "tinyint(1)", false, false)]
    [InlineData("BOOLEAN", "tinyint(1)", false, false)]
    [InlineData("TINYINT(1)", "tinyint(1)", false, false)]
    [InlineData("NUMERIC", "decimal(10,0)", false, false)]
    [InlineData("DEC(8)", "decimal(8,0)", false, false)]
    [InlineData("DECIMAL(12, 2) UNSIGNED", "decimal(12,2) unsigned", true, false)]
    [InlineData("REAL", "double", false, false)]
    [InlineData("DOUBLE PRECISION", "double", false, false)]
    [InlineData("FLOAT(30)", "double", false, false)]
    [InlineData("FLOAT(10)", "float", false, false)]
    [InlineData("FLOAT(7,3)", "float(7,3)", false, false)]
    [InlineData("CHAR", "char(1)", false, false)]
    [InlineData("NATIONAL CHARACTER VARYING(20)", "varchar(20)", false, false)]
    [InlineData("CHARACTER VARYING(7)", "varchar(7)", false, false)]
    [InlineData("LONG VARCHAR", "mediumtext", false, false)]
    [InlineData("BIT", "bit(1)", false, false)]
    [InlineData("DATETIME(6)", "datetime(6)", false, false)]
    [InlineData("YEAR", "year(4)", false, false)]
    [InlineData("JSON", "json", false, false)]
    [InlineData("UUID", "uuid", false, false)]
    [InlineData("VARCHAR(10) CHARACTER SET binary", "varbinary(10)", false, false)]
    [InlineData("TEXT CHARSET binary", "blob", false, false)]
    public void Types_are_read_as_the_server_shows_them(string definition, string columnType, bool unsigned, bool zerofill)
    {
        var column = Definition($"ALTER TABLE t ADD COLUMN c {definition}");

        Assert.Equal(columnType, column.Type.ColumnType);
        Assert.Equal(MySqlType.Parse(columnType).Name, column.Type.Name);
        Assert.Equal(unsigned, column.Type.Unsigned);
        Assert.Equal(zerofill, column.Type.Zerofill);
    }

    [Fact]
    public void Enum_labels_keep_quotes_backslashes_and_commas()
    {
        var column = Definition(@"ALTER TABLE t ADD COLUMN c ENUM('a,b', 'it''s', 'back\\slash') NOT NULL DEFAULT 'a,b'");

        Assert.Equal(["a,b", "it's", @"back\slash"], column.Type.Labels);
        Assert.Equal(ColumnDefault.Literal("a,b"), column.Default);
        Assert.False(column.IsNullable);
    }

    [Theory]
    [InlineData("INT NOT NULL DEFAULT 7", "Literal", "7", false)]
    [InlineData("INT DEFAULT -3", "Literal", "-3", true)]
    [InlineData("INT DEFAULT (5)", "Literal", "5", true)]
    [InlineData("INT", "Null", null, true)]
    [InlineData("INT NOT NULL", "None", null, false)]
    [InlineData("INT NULL DEFAULT NULL", "Null", null, true)]
    [InlineData("VARCHAR(9) DEFAULT _utf8mb4'x' 'y'", "Literal", "xy", true)]
    [InlineData("TINYINT(1) NOT NULL DEFAULT TRUE", "Literal", "1", false)]
    [InlineData("BIT(4) DEFAULT b'1010'", "Literal", "b'1010'", true)]
    [InlineData("DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)", "CurrentTimestamp", "3", false)]
    [InlineData("DATETIME DEFAULT now()", "CurrentTimestamp", "0", true)]
    [InlineData("CHAR(36) DEFAULT (uuid())", "Expression", "uuid()", true)]
    [InlineData("INT DEFAULT (1 + 1)", "Expression", "1 + 1", true)]
    [InlineData("TIMESTAMP NULL", "Null", null, true)]
    [InlineData("TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)", "CurrentTimestamp", "6", false)]
    public void Defaults_and_nullability_are_normalised_like_introspection(string definition, string kind, string? value, bool nullable)
    {
        var column = Definition($"ALTER TABLE t ADD COLUMN c {definition}");

        Assert.Equal(Enum.Parse<ColumnDefaultKind>(kind), column.Default.Kind);
        Assert.Equal(value, column.Default.Value);
        Assert.Equal(nullable, column.IsNullable);
    }

    [Fact]
    public void Other_attributes_are_kept_or_passed_over()
    {
        var column = Definition(
            "ALTER TABLE t MODIFY COLUMN c DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT 'when, really' "
            + "COLLATE utf8mb4_bin INVISIBLE CHECK (c > '2000-01-01') AFTER b");

        Assert.True(column.OnUpdateCurrentTimestamp);
        Assert.Equal("when, really", column.Comment);
        Assert.Equal("utf8mb4_bin", column.Collation);
    }

    [Fact]
    public void A_generated_column_keeps_its_expression_as_written()
    {
        var column = Definition("ALTER TABLE t ADD COLUMN total DECIMAL(10,2) AS (`price` * qty) STORED");

        Assert.Equal("`price` * qty", column.GenerationExpression);
        Assert.True(column.IsStoredGenerated);
    }

    [Fact]
    public void Serial_is_a_not_null_auto_increment_unsigned_bigint()
    {
        var column = Definition("ALTER TABLE t ADD COLUMN id SERIAL");

        Assert.Equal("bigint unsigned", column.Type.ColumnType);
        Assert.True(column.IsAutoIncrement);
        Assert.False(column.IsNullable);
    }

    [Fact]
    public void A_change_names_the_definition_after_the_new_name()
    {
        var action = Assert.Single(MySqlDdlParser.Parse("ALTER TABLE t CHANGE old `new` BIGINT NOT NULL").Actions);

        Assert.Equal(("old", "new"), (action.Column, action.NewName));
        Assert.Equal("new", action.Definition!.Name);
    }

    [Theory]
    [InlineData("ALTER TABLE t ADD COLUMN c TEXT(100)")]
    [InlineData("ALTER TABLE t ADD COLUMN c YEAR(2)")]
    [InlineData("ALTER TABLE t ADD COLUMN c TIMESTAMP")]
    [InlineData("ALTER TABLE t ADD COLUMN c TIMESTAMP NOT NULL")]
    [InlineData("ALTER TABLE t ADD COLUMN c VARBINARY(4) DEFAULT X'41'")]
    [InlineData("ALTER TABLE t ADD COLUMN c VECTOR(3)")]
    [InlineData("ALTER TABLE t ADD COLUMN c INT SOMETHING_NEW")]
    [InlineData("ALTER TABLE t ALTER COLUMN c SET DEFAULT 5")]
    public void A_definition_the_statement_alone_does_not_settle_is_left_to_the_source_schema(string sql)
    {
        var ddl = MySqlDdlParser.Parse(sql);

        Assert.True(ddl.IsUnderstood, ddl.Unsupported);
        Assert.Null(Assert.Single(ddl.Actions).Definition);
    }

    [Fact]
    public void Each_column_of_a_parenthesised_add_has_its_own_definition()
    {
        var ddl = MySqlDdlParser.Parse("ALTER TABLE t ADD (a DECIMAL(5,2) DEFAULT 1.50, b VARCHAR(3) NOT NULL)");

        Assert.Equal(["decimal(5,2)", "varchar(3)"], ddl.Actions.Select(a => a.Definition!.Type.ColumnType));
        Assert.Equal(ColumnDefault.Literal("1.50"), ddl.Actions[0].Definition!.Default);
    }

    private static SourceColumn Definition(string sql)
    {
        var ddl = MySqlDdlParser.Parse(sql);
        Assert.True(ddl.IsUnderstood, ddl.Unsupported);
        return ddl.Actions[0].Definition ?? throw new Xunit.Sdk.XunitException($"no definition read from: {sql}");
    }
}
