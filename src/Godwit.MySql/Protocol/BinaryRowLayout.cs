namespace Godwit.MySql.Protocol;

/// <summary>Value sizes in the binary protocol (Binary Protocol Resultset Row / COM_STMT_EXECUTE values).</summary>
internal static class BinaryRowLayout
{
    /// <summary>The fixed size of a value of this type, 0 when it is length-prefixed (1-byte for temporal, lenenc otherwise).</summary>
    public static int FixedSize(MySqlColumnType type) => type switch
    {
        MySqlColumnType.Tiny => 1,
        MySqlColumnType.Short or MySqlColumnType.Year => 2,
        MySqlColumnType.Int24 or MySqlColumnType.Long or MySqlColumnType.Float => 4,
        MySqlColumnType.LongLong or MySqlColumnType.Double => 8,
        _ => 0,
    };

    public static bool IsTemporal(MySqlColumnType type) => type is MySqlColumnType.Date or MySqlColumnType.DateTime
        or MySqlColumnType.Timestamp or MySqlColumnType.Time or MySqlColumnType.NewDate
        or MySqlColumnType.DateTime2 or MySqlColumnType.Timestamp2 or MySqlColumnType.Time2;
}
