namespace Godwit.MySql.Binlog;

/// <summary>
/// What the binlog cannot say about a column. MariaDB's data type plugins (UUID, INET4, INET6)
/// appear in TABLE_MAP as plain BINARY(16)/BINARY(4) columns, so the caller, who knows the schema
/// from introspection, names them here to have their values rendered as the text protocol shows
/// them instead of as raw bytes.
/// </summary>
public enum BinlogColumnHint
{
    None = 0,
    Uuid,
    Inet4,
    Inet6,
}
