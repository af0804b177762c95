namespace Godwit.MySql.Binlog;

/// <summary>
/// One column as TABLE_MAP describes it: its binlog type and type metadata, and what the optional
/// metadata adds (MySQL 8.0.1+ / MariaDB 10.5+ with binlog_row_metadata=FULL): signedness, collation,
/// name, ENUM/SET labels, geometry type.
/// </summary>
public sealed class BinlogColumn
{
    internal BinlogColumn(int ordinal, MySqlColumnType type, ushort metadata, bool isNullable)
    {
        Ordinal = ordinal;
        Type = type;
        Metadata = metadata;
        IsNullable = isNullable;
        (RealType, Length) = ResolveStringType(type, metadata);
    }

    public int Ordinal { get; }

    /// <summary>The type as logged (binlog_type(): CHAR, BINARY, ENUM and SET all log as <see cref="MySqlColumnType.String"/>).</summary>
    public MySqlColumnType Type { get; }

    /// <summary>
    /// The type the value is encoded as: for <see cref="MySqlColumnType.String"/> the real type held
    /// in its metadata (String, Enum or Set); otherwise <see cref="Type"/>.
    /// </summary>
    public MySqlColumnType RealType { get; }

    /// <summary>The raw per-type metadata from TABLE_MAP (its meaning depends on the type).</summary>
    public ushort Metadata { get; }

    public bool IsNullable { get; }

    /// <summary>From SIGNEDNESS metadata; null when the server did not send it (then integers decode as signed).</summary>
    public bool? IsUnsigned { get; internal set; }

    /// <summary>From DEFAULT_CHARSET/COLUMN_CHARSET (or the ENUM/SET variants); null when not sent.</summary>
    public int? CollationId { get; internal set; }

    public string? Name { get; internal set; }

    public IReadOnlyList<byte[]>? EnumValues { get; internal set; }

    public IReadOnlyList<byte[]>? SetValues { get; internal set; }

    public int? GeometryType { get; internal set; }

    public BinlogColumnHint Hint { get; internal set; }

    /// <summary>Max byte length for CHAR/BINARY/VARCHAR; pack length for ENUM/SET.</summary>
    public int Length { get; }

    /// <summary>NEWDECIMAL precision: the first metadata byte.</summary>
    public int Precision => Metadata & 0xFF;

    /// <summary>NEWDECIMAL scale: the second metadata byte.</summary>
    public int Scale => Metadata >> 8;

    /// <summary>DATETIME2/TIMESTAMP2/TIME2 fractional-second digits.</summary>
    public int FractionalDigits => Metadata;

    /// <summary>
    /// True for the columns the charset metadata lists (is_character_type on the real type). GEOMETRY
    /// counts: its field class derives from BLOB and is logged with the binary collation.
    /// </summary>
    internal bool IsCharacterColumn => RealType is MySqlColumnType.String or MySqlColumnType.VarString or MySqlColumnType.VarChar
        or MySqlColumnType.Blob or MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob
        or MySqlColumnType.Geometry;

    internal bool IsEnumOrSet => RealType is MySqlColumnType.Enum or MySqlColumnType.Set;

    /// <summary>
    /// The types SIGNEDNESS has a bit for. MySQL uses is_numeric_type(); MariaDB gives a bit to every
    /// field with signedness, which adds YEAR (a TINYINT underneath, always unsigned) — checked against
    /// MariaDB 10.11's TABLE_MAP bytes.
    /// </summary>
    internal bool HasSignedness(ServerFlavor flavor) => Type is MySqlColumnType.Tiny or MySqlColumnType.Short or MySqlColumnType.Int24
        or MySqlColumnType.Long or MySqlColumnType.LongLong or MySqlColumnType.Float or MySqlColumnType.Double or MySqlColumnType.NewDecimal
        || (flavor == ServerFlavor.MariaDb && Type is MySqlColumnType.Year or MySqlColumnType.Decimal);

    /// <summary>
    /// MYSQL_TYPE_STRING metadata is (real_type, length) — except that CHAR lengths above 255 steal
    /// two bits of the real-type byte: real_type ^ ((length &amp; 0x300) &gt;&gt; 4) (MySQL bug 37426).
    /// </summary>
    private static (MySqlColumnType RealType, int Length) ResolveStringType(MySqlColumnType type, ushort metadata)
    {
        switch (type)
        {
            case MySqlColumnType.String:
                var first = metadata & 0xFF;
                var second = metadata >> 8;
                if ((first & 0x30) != 0x30)
                {
                    return ((MySqlColumnType)(first | 0x30), second | (((first & 0x30) ^ 0x30) << 4));
                }

                return ((MySqlColumnType)first, second);
            case MySqlColumnType.VarChar or MySqlColumnType.VarString:
                return (type, metadata);
            default:
                return (type, 0);
        }
    }
}
