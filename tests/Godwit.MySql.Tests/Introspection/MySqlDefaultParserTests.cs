using Godwit.Core.Schema;
using Godwit.Providers.MySql.Introspection;

namespace Godwit.MySql.Tests.Introspection;

public sealed class MySqlDefaultParserTests
{
    [Theory]
    [InlineData(null, ColumnDefaultKind.None, null)]
    [InlineData("NULL", ColumnDefaultKind.Null, null)]
    [InlineData("'it''s'", ColumnDefaultKind.Literal, "it's")]
    [InlineData("'a\\\\b'", ColumnDefaultKind.Literal, "a\\b")]
    [InlineData("'NULL'", ColumnDefaultKind.Literal, "NULL")]
    [InlineData("''", ColumnDefaultKind.Literal, "")]
    [InlineData("'0000-00-00 00:00:00'", ColumnDefaultKind.Literal, "0000-00-00 00:00:00")]
    [InlineData("-1.5", ColumnDefaultKind.Literal, "-1.5")]
    [InlineData("b'101'", ColumnDefaultKind.Literal, "b'101'")]
    [InlineData("current_timestamp()", ColumnDefaultKind.CurrentTimestamp, "0")]
    [InlineData("current_timestamp(6)", ColumnDefaultKind.CurrentTimestamp, "6")]
    [InlineData("uuid()", ColumnDefaultKind.Expression, "uuid()")]
    public void Mariadb_defaults_are_sql(string? raw, ColumnDefaultKind kind, string? value)
    {
        var d = MySqlDefaultParser.Parse(raw, string.Empty, isMariaDb: true, isNullable: true);

        Assert.Equal(kind, d.Kind);
        if (kind != ColumnDefaultKind.None && kind != ColumnDefaultKind.Null)
        {
            Assert.Equal(value, d.Value);
        }
    }

    [Theory]
    [InlineData(null, "", true, ColumnDefaultKind.Null, null)]
    [InlineData(null, "", false, ColumnDefaultKind.None, null)]
    [InlineData("it's", "", true, ColumnDefaultKind.Literal, "it's")]
    [InlineData("NULL", "", true, ColumnDefaultKind.Literal, "NULL")]
    [InlineData("0000-00-00", "", false, ColumnDefaultKind.Literal, "0000-00-00")]
    [InlineData("CURRENT_TIMESTAMP", "DEFAULT_GENERATED", false, ColumnDefaultKind.CurrentTimestamp, "0")]
    [InlineData("CURRENT_TIMESTAMP(3)", "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)", false, ColumnDefaultKind.CurrentTimestamp, "3")]
    [InlineData("uuid()", "DEFAULT_GENERATED", true, ColumnDefaultKind.Expression, "uuid()")]
    public void Mysql_defaults_are_raw_values(string? raw, string extra, bool nullable, ColumnDefaultKind kind, string? value)
    {
        var d = MySqlDefaultParser.Parse(raw, extra, isMariaDb: false, isNullable: nullable);

        Assert.Equal(kind, d.Kind);
        if (value is not null)
        {
            Assert.Equal(value, d.Value);
        }
    }
}
