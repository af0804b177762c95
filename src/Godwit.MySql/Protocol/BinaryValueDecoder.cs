using System.Buffers.Binary;

namespace Godwit.MySql.Protocol;

/// <summary>Decodes binary-protocol values (prepared statement results) into CLR values.</summary>
internal static class BinaryValueDecoder
{
    public static bool IsInteger(MySqlColumnType type) => type is MySqlColumnType.Tiny or MySqlColumnType.Short
        or MySqlColumnType.Year or MySqlColumnType.Int24 or MySqlColumnType.Long or MySqlColumnType.LongLong;

    public static long ReadInt64(ReadOnlySpan<byte> value, MySqlColumnType type, bool unsigned) => type switch
    {
        MySqlColumnType.Tiny => unsigned ? value[0] : (sbyte)value[0],
        MySqlColumnType.Short or MySqlColumnType.Year => unsigned
            ? BinaryPrimitives.ReadUInt16LittleEndian(value)
            : BinaryPrimitives.ReadInt16LittleEndian(value),
        MySqlColumnType.Int24 or MySqlColumnType.Long => unsigned
            ? BinaryPrimitives.ReadUInt32LittleEndian(value)
            : BinaryPrimitives.ReadInt32LittleEndian(value),
        _ => unsigned
            ? checked((long)BinaryPrimitives.ReadUInt64LittleEndian(value))
            : BinaryPrimitives.ReadInt64LittleEndian(value),
    };

    public static ulong ReadUInt64(ReadOnlySpan<byte> value, MySqlColumnType type, bool unsigned) =>
        type == MySqlColumnType.LongLong && unsigned
            ? BinaryPrimitives.ReadUInt64LittleEndian(value)
            : checked((ulong)ReadInt64(value, type, unsigned));

    /// <summary>Length 0 (zero date), 4 (date), 7 (+ time) or 11 (+ microseconds).</summary>
    public static MySqlDateTime ReadDateTime(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0)
        {
            return MySqlDateTime.Zero;
        }

        var year = BinaryPrimitives.ReadUInt16LittleEndian(value);
        int hour = 0, minute = 0, second = 0, micro = 0;
        if (value.Length >= 7)
        {
            hour = value[4];
            minute = value[5];
            second = value[6];
        }

        if (value.Length >= 11)
        {
            micro = (int)BinaryPrimitives.ReadUInt32LittleEndian(value[7..]);
        }

        return new MySqlDateTime(year, value[2], value[3], hour, minute, second, micro);
    }

    /// <summary>Length 0 (zero), 8 (sign, days, h, m, s) or 12 (+ microseconds).</summary>
    public static MySqlTime ReadTime(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0)
        {
            return default;
        }

        var negative = value[0] == 1;
        var days = (int)BinaryPrimitives.ReadUInt32LittleEndian(value[1..]);
        var micro = value.Length >= 12 ? (int)BinaryPrimitives.ReadUInt32LittleEndian(value[8..]) : 0;
        return new MySqlTime(negative, (days * 24) + value[5], value[6], value[7], micro);
    }
}
