using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Godwit.MySql.Protocol;
using Godwit.MySql.Text;

namespace Godwit.MySql;

/// <summary>
/// The typed getters: text-protocol values are parsed from their ASCII form without allocating;
/// prepared-statement (binary protocol) values are decoded from their binary encoding.
/// </summary>
public sealed partial class MySqlDataReader
{
    public bool IsDBNull(int ordinal) => Length(ordinal) < 0;

    public int GetOrdinal(string name)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"The result has no column named '{name}'.");
    }

    /// <summary>
    /// The value's bytes as sent (text protocol: its textual form in the column's character set;
    /// prepared statements: the binary encoding). Valid until the next read; throws for NULL.
    /// </summary>
    public ReadOnlySpan<byte> GetRawBytes(int ordinal) => Value(ordinal).Span;

    /// <summary>Like <see cref="GetRawBytes"/>, as memory (still only valid until the next read).</summary>
    public ReadOnlyMemory<byte> GetRawMemory(int ordinal) => Value(ordinal);

    public string GetString(int ordinal)
    {
        var value = GetRawBytes(ordinal);
        if (_binary && NeedsBinaryFormatting(_columns[ordinal].Type))
        {
            return FormatBinaryValue(ordinal);
        }

        return CharacterSets.Decode(_charsets[ordinal], value);
    }

    public long GetInt64(int ordinal)
    {
        var column = _columns[ordinal];
        var value = GetRawBytes(ordinal);
        if (column.Kind == MySqlColumnKind.Bit)
        {
            return unchecked((long)ReadBits(value));
        }

        if (_binary && BinaryValueDecoder.IsInteger(column.Type))
        {
            return BinaryValueDecoder.ReadInt64(value, column.Type, column.IsUnsigned);
        }

        return TextValueParser.ParseInt64(value);
    }

    public ulong GetUInt64(int ordinal)
    {
        var column = _columns[ordinal];
        var value = GetRawBytes(ordinal);
        if (column.Kind == MySqlColumnKind.Bit)
        {
            return ReadBits(value);
        }

        if (_binary && BinaryValueDecoder.IsInteger(column.Type))
        {
            return BinaryValueDecoder.ReadUInt64(value, column.Type, column.IsUnsigned);
        }

        return TextValueParser.ParseUInt64(value);
    }

    public int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public uint GetUInt32(int ordinal) => checked((uint)GetUInt64(ordinal));

    public short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public ushort GetUInt16(int ordinal) => checked((ushort)GetUInt64(ordinal));

    public sbyte GetSByte(int ordinal) => checked((sbyte)GetInt64(ordinal));

    public byte GetByte(int ordinal) => checked((byte)GetUInt64(ordinal));

    public bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    /// <summary>DECIMAL exactly; <see cref="OverflowException"/> when it needs more than 28-29 digits (use <see cref="GetDecimalString"/>).</summary>
    public decimal GetDecimal(int ordinal)
    {
        if (_binary)
        {
            // Prepared-statement results carry numbers in binary; DECIMAL itself is still text.
            var type = _columns[ordinal].Type;
            if (type is MySqlColumnType.Float or MySqlColumnType.Double)
            {
                return (decimal)GetDouble(ordinal);
            }

            if (BinaryValueDecoder.IsInteger(type))
            {
                return _columns[ordinal].IsUnsigned ? GetUInt64(ordinal) : GetInt64(ordinal);
            }
        }

        return TextValueParser.ParseDecimal(GetRawBytes(ordinal));
    }

    /// <summary>The DECIMAL's exact digits as the server sent them, for values beyond System.Decimal (DECIMAL(65,30)).</summary>
    public string GetDecimalString(int ordinal) => Encoding.ASCII.GetString(GetRawBytes(ordinal));

    public double GetDouble(int ordinal)
    {
        var column = _columns[ordinal];
        var value = GetRawBytes(ordinal);
        if (_binary)
        {
            switch (column.Type)
            {
                case MySqlColumnType.Double:
                    return BinaryPrimitives.ReadDoubleLittleEndian(value);
                case MySqlColumnType.Float:
                    return BinaryPrimitives.ReadSingleLittleEndian(value);
                case var t when BinaryValueDecoder.IsInteger(t):
                    return column.IsUnsigned ? GetUInt64(ordinal) : GetInt64(ordinal);
            }
        }

        return TextValueParser.ParseDouble(value);
    }

    public float GetFloat(int ordinal)
    {
        if (_binary || _columns[ordinal].Type != MySqlColumnType.Float)
        {
            return (float)GetDouble(ordinal);
        }

        return TextValueParser.ParseSingle(GetRawBytes(ordinal));
    }

    public MySqlDateTime GetMySqlDateTime(int ordinal)
    {
        var value = GetRawBytes(ordinal);
        return _binary && BinaryRowLayout.IsTemporal(_columns[ordinal].Type)
            ? BinaryValueDecoder.ReadDateTime(value)
            : TextValueParser.ParseDateTime(value);
    }

    /// <summary>The value as <see cref="DateTime"/>; throws <see cref="InvalidCastException"/> for zero dates.</summary>
    public DateTime GetDateTime(int ordinal) => GetMySqlDateTime(ordinal).ToDateTime();

    public MySqlTime GetTime(int ordinal)
    {
        var value = GetRawBytes(ordinal);
        return _binary && BinaryRowLayout.IsTemporal(_columns[ordinal].Type)
            ? BinaryValueDecoder.ReadTime(value)
            : TextValueParser.ParseTime(value);
    }

    public TimeSpan GetTimeSpan(int ordinal) => GetTime(ordinal).ToTimeSpan();

    public short GetYear(int ordinal) => checked((short)GetInt64(ordinal));

    /// <summary>BIT(n) as an unsigned integer (the server sends it as big-endian bytes).</summary>
    public ulong GetBit(int ordinal) => ReadBits(GetRawBytes(ordinal));

    public byte[] GetBytes(int ordinal) => GetRawBytes(ordinal).ToArray();

    /// <summary>MariaDB UUID (text form), or a 16-byte binary value in RFC 4122 byte order.</summary>
    public Guid GetGuid(int ordinal)
    {
        var value = GetRawBytes(ordinal);
        if (value.Length == 16 && _columns[ordinal].IsBinary)
        {
            return new Guid(value, bigEndian: true);
        }

        Span<char> text = stackalloc char[Math.Min(value.Length, 64)];
        var length = Encoding.ASCII.GetChars(value[..text.Length], text);
        return Guid.Parse(text[..length]);
    }

    /// <summary>MariaDB INET4/INET6 (text form), or a 4/16-byte binary address.</summary>
    public IPAddress GetIPAddress(int ordinal)
    {
        var value = GetRawBytes(ordinal);
        if (_columns[ordinal].Kind is not (MySqlColumnKind.Inet4 or MySqlColumnKind.Inet6)
            && _columns[ordinal].IsBinary && value.Length is 4 or 16)
        {
            return new IPAddress(value);
        }

        Span<char> text = stackalloc char[Math.Min(value.Length, 64)];
        var length = Encoding.ASCII.GetChars(value[..text.Length], text);
        return IPAddress.Parse(text[..length]);
    }

    /// <summary>The value as the natural CLR type of the column (boxes; prefer the typed getters in bulk).</summary>
    public object? GetValue(int ordinal)
    {
        if (IsDBNull(ordinal))
        {
            return null;
        }

        var column = _columns[ordinal];
        var unsigned = column.IsUnsigned;
        return column.Kind switch
        {
            MySqlColumnKind.TinyInt => unsigned ? GetByte(ordinal) : GetSByte(ordinal),
            MySqlColumnKind.SmallInt => unsigned ? GetUInt16(ordinal) : GetInt16(ordinal),
            MySqlColumnKind.MediumInt or MySqlColumnKind.Int => unsigned ? GetUInt32(ordinal) : GetInt32(ordinal),
            MySqlColumnKind.BigInt => unsigned ? GetUInt64(ordinal) : GetInt64(ordinal),
            MySqlColumnKind.Decimal => GetDecimalOrString(ordinal),
            MySqlColumnKind.Float => GetFloat(ordinal),
            MySqlColumnKind.Double => GetDouble(ordinal),
            MySqlColumnKind.Bit => GetBit(ordinal),
            MySqlColumnKind.Year => GetYear(ordinal),
            MySqlColumnKind.Date or MySqlColumnKind.DateTime or MySqlColumnKind.Timestamp => GetMySqlDateTime(ordinal),
            MySqlColumnKind.Time => GetTime(ordinal),
            MySqlColumnKind.Uuid => GetGuid(ordinal),
            MySqlColumnKind.Inet4 or MySqlColumnKind.Inet6 => GetIPAddress(ordinal),
            MySqlColumnKind.Binary or MySqlColumnKind.Geometry => GetBytes(ordinal),
            MySqlColumnKind.Null => null,
            _ => GetString(ordinal),
        };
    }

    /// <summary>Typed access for generic callers; supports the CLR types the typed getters return.</summary>
    public T GetFieldValue<T>(int ordinal)
    {
        object? value = typeof(T) switch
        {
            var t when t == typeof(string) => GetString(ordinal),
            var t when t == typeof(long) => GetInt64(ordinal),
            var t when t == typeof(ulong) => GetUInt64(ordinal),
            var t when t == typeof(int) => GetInt32(ordinal),
            var t when t == typeof(uint) => GetUInt32(ordinal),
            var t when t == typeof(short) => GetInt16(ordinal),
            var t when t == typeof(ushort) => GetUInt16(ordinal),
            var t when t == typeof(byte) => GetByte(ordinal),
            var t when t == typeof(sbyte) => GetSByte(ordinal),
            var t when t == typeof(bool) => GetBoolean(ordinal),
            var t when t == typeof(decimal) => GetDecimal(ordinal),
            var t when t == typeof(double) => GetDouble(ordinal),
            var t when t == typeof(float) => GetFloat(ordinal),
            var t when t == typeof(DateTime) => GetDateTime(ordinal),
            var t when t == typeof(MySqlDateTime) => GetMySqlDateTime(ordinal),
            var t when t == typeof(MySqlTime) => GetTime(ordinal),
            var t when t == typeof(TimeSpan) => GetTimeSpan(ordinal),
            var t when t == typeof(byte[]) => GetBytes(ordinal),
            var t when t == typeof(Guid) => GetGuid(ordinal),
            var t when t == typeof(IPAddress) => GetIPAddress(ordinal),
            _ => GetValue(ordinal),
        };
        return (T)value!;
    }

    private int Length(int ordinal)
    {
        if (!_hasRow)
        {
            throw new InvalidOperationException("There is no current row; call ReadAsync first.");
        }

        if ((uint)ordinal >= (uint)_columns.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The result has {_columns.Length} columns.");
        }

        return _lengths[ordinal];
    }

    private ReadOnlyMemory<byte> Value(int ordinal)
    {
        var length = Length(ordinal);
        if (length < 0)
        {
            throw new InvalidCastException($"Column {ordinal} ('{_columns[ordinal].Name}') is NULL; check IsDBNull first.");
        }

        return _row.Slice(_offsets[ordinal], length);
    }

    private object GetDecimalOrString(int ordinal)
    {
        try
        {
            return GetDecimal(ordinal);
        }
        catch (OverflowException)
        {
            return GetDecimalString(ordinal);
        }
    }

    private static ulong ReadBits(ReadOnlySpan<byte> value)
    {
        if (value.Length > 8)
        {
            throw new InvalidCastException("A BIT value longer than 64 bits cannot be read as an integer.");
        }

        ulong bits = 0;
        foreach (var b in value)
        {
            bits = (bits << 8) | b;
        }

        return bits;
    }

    private static bool NeedsBinaryFormatting(MySqlColumnType type) =>
        BinaryRowLayout.FixedSize(type) > 0 || BinaryRowLayout.IsTemporal(type);

    private string FormatBinaryValue(int ordinal)
    {
        var column = _columns[ordinal];
        return column.Type switch
        {
            MySqlColumnType.Float => GetFloat(ordinal).ToString("R", CultureInfo.InvariantCulture),
            MySqlColumnType.Double => GetDouble(ordinal).ToString("R", CultureInfo.InvariantCulture),
            MySqlColumnType.Time or MySqlColumnType.Time2 => GetTime(ordinal).ToString(column.Decimals is > 0 and <= 6 ? column.Decimals : 0),
            MySqlColumnType.Date or MySqlColumnType.NewDate => GetMySqlDateTime(ordinal).ToString(0, includeTime: false),
            var t when BinaryRowLayout.IsTemporal(t) => GetMySqlDateTime(ordinal).ToString(column.Decimals is > 0 and <= 6 ? column.Decimals : 0),
            _ => column.IsUnsigned
                ? GetUInt64(ordinal).ToString(CultureInfo.InvariantCulture)
                : GetInt64(ordinal).ToString(CultureInfo.InvariantCulture),
        };
    }
}
