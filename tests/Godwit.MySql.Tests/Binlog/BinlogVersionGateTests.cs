namespace Godwit.MySql.Tests.Binlog;

/// <summary>The version gate for TABLE_MAP's optional metadata, which binlog decoding relies on.</summary>
public sealed class BinlogVersionGateTests
{
    [Theory]
    [InlineData("5.5.5-10.11.19-MariaDB-log", true)]
    [InlineData("10.5.0-MariaDB", true)]
    [InlineData("10.4.31-MariaDB", false)]
    [InlineData("8.0.36", true)]
    [InlineData("8.0.0-dmr", false)]
    [InlineData("5.7.44-log", false)]
    public void Binlog_row_metadata_exists_from_mysql_8_0_1_and_mariadb_10_5(string version, bool expected) =>
        Assert.Equal(expected, ServerVersion.Parse(version).SupportsBinlogRowMetadata);
}
