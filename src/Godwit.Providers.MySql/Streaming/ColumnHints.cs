using Godwit.Core.Schema;
using Godwit.MySql.Binlog;

namespace Godwit.Providers.MySql.Streaming;

/// <summary>MariaDB UUID/INET columns look like BINARY(n) in the binlog: the schema names them so their values come out as text.</summary>
public static class ColumnHints
{
    public static void Fill(BinlogColumnHints hints, SourceDatabase schema)
    {
        foreach (var table in schema.Tables)
        {
            foreach (var column in table.Columns)
            {
                var hint = column.Type.Family switch
                {
                    MySqlTypeFamily.Uuid => BinlogColumnHint.Uuid,
                    MySqlTypeFamily.Inet4 => BinlogColumnHint.Inet4,
                    MySqlTypeFamily.Inet6 => BinlogColumnHint.Inet6,
                    _ => BinlogColumnHint.None,
                };
                if (hint != BinlogColumnHint.None)
                {
                    hints.Set(schema.Name, table.Name, column.Name, hint);
                }
            }
        }
    }
}
