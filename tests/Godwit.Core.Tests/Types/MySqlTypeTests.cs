using Godwit.Core.Schema;

namespace Godwit.Core.Tests.Types;

public sealed class MySqlTypeTests
{
    [Fact]
    public void Column_types_parse_into_name_arguments_and_flags()
    {
        var t = MySqlType.Parse("tinyint(1) unsigned zerofill");

        Assert.Equal("tinyint", t.Name);
        Assert.Equal(1, t.Length);
        Assert.True(t.Unsigned);
        Assert.True(t.Zerofill);
        Assert.Equal(MySqlTypeFamily.Integer, t.Family);
    }

    [Fact]
    public void Decimal_has_precision_and_scale()
    {
        var t = MySqlType.Parse("decimal(65,30)");

        Assert.Equal((65, 30), (t.Length!.Value, t.Scale!.Value));
    }

    [Fact]
    public void Enum_labels_undo_sql_quoting_including_commas_and_parentheses()
    {
        var t = MySqlType.Parse("enum('a','it''s','x,y','(z)','back\\\\slash')");

        Assert.Equal(["a", "it's", "x,y", "(z)", "back\\slash"], t.Labels);
        Assert.Equal(MySqlTypeFamily.Enum, t.Family);
    }

    [Theory]
    [InlineData("uuid", MySqlTypeFamily.Uuid)]
    [InlineData("inet6", MySqlTypeFamily.Inet6)]
    [InlineData("point", MySqlTypeFamily.Spatial)]
    [InlineData("year(4)", MySqlTypeFamily.Year)]
    [InlineData("datetime(6)", MySqlTypeFamily.DateTime)]
    [InlineData("double precision", MySqlTypeFamily.Double)]
    [InlineData("frobnicate", MySqlTypeFamily.Unknown)]
    public void Families_cover_mysql_and_mariadb_types(string columnType, MySqlTypeFamily family)
    {
        Assert.Equal(family, MySqlType.Parse(columnType).Family);
    }
}
