namespace Godwit.MySql.Binlog;

/// <summary>Chooses the dialect for a server.</summary>
internal static class BinlogDialects
{
    public static IBinlogDialect For(ServerVersion version) =>
        version.IsMariaDb ? MariaDbBinlogDialect.Instance : MySqlBinlogDialect.Instance;
}
