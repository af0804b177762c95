using Godwit.MySql.Protocol;

namespace Godwit.MySql;

/// <summary>One column of a result set, as described by the server's Column Definition packet.</summary>
public sealed class ColumnDefinition
{
    public const int BinaryCharacterSet = 63;

    internal ColumnDefinition(
        string schema,
        string table,
        string originalTable,
        string name,
        string originalName,
        int characterSet,
        uint columnLength,
        MySqlColumnType type,
        ColumnFlags flags,
        byte decimals,
        string? extendedTypeName,
        string? extendedFormat)
    {
        Schema = schema;
        Table = table;
        OriginalTable = originalTable;
        Name = name;
        OriginalName = originalName;
        CharacterSet = characterSet;
        ColumnLength = columnLength;
        Type = type;
        Flags = flags;
        Decimals = decimals;
        ExtendedTypeName = extendedTypeName;
        ExtendedFormat = extendedFormat;
        Kind = ColumnKindClassifier.Classify(this);
    }

    public string Schema { get; }

    /// <summary>The table alias used in the query.</summary>
    public string Table { get; }

    public string OriginalTable { get; }

    /// <summary>The column alias used in the query.</summary>
    public string Name { get; }

    public string OriginalName { get; }

    /// <summary>Collation id of the value as sent (63 = binary).</summary>
    public int CharacterSet { get; }

    /// <summary>Maximum length in bytes of the value as sent (display width for numbers).</summary>
    public uint ColumnLength { get; }

    public MySqlColumnType Type { get; }

    public ColumnFlags Flags { get; }

    /// <summary>Fractional digits for DECIMAL and temporal types; 0x1F/0x27 for "not fixed".</summary>
    public byte Decimals { get; }

    /// <summary>MariaDB 10.5+ extended type name (<c>uuid</c>, <c>inet4</c>, <c>inet6</c>, geometry subtypes…), if sent.</summary>
    public string? ExtendedTypeName { get; }

    /// <summary>MariaDB 10.5+ extended format (<c>json</c> for JSON columns), if sent.</summary>
    public string? ExtendedFormat { get; }

    /// <summary>What the column holds, resolved from type, flags, charset and extended metadata.</summary>
    public MySqlColumnKind Kind { get; }

    public bool IsUnsigned => (Flags & ColumnFlags.Unsigned) != 0;

    public bool IsBinary => CharacterSet == BinaryCharacterSet;

    public override string ToString() => $"{Name} {Kind} ({Type}, charset {CharacterSet}, flags {Flags})";

    internal static ColumnDefinition Parse(ReadOnlySpan<byte> payload, bool extendedMetadata)
    {
        var reader = new MySqlPayloadReader(payload);
        reader.ReadLengthEncodedBytes(); // catalog, always "def"
        var schema = reader.ReadLengthEncodedString();
        var table = reader.ReadLengthEncodedString();
        var originalTable = reader.ReadLengthEncodedString();
        var name = reader.ReadLengthEncodedString();
        var originalName = reader.ReadLengthEncodedString();
        string? typeName = null;
        string? format = null;
        if (extendedMetadata)
        {
            // MariaDB: int<lenenc> length, then (int<1> kind: 0 = type name, 1 = format; string<lenenc> value)*.
            var extended = new MySqlPayloadReader(reader.ReadLengthEncodedBytes());
            while (!extended.IsAtEnd)
            {
                var kind = extended.ReadByte();
                var value = extended.ReadLengthEncodedString();
                if (kind == 0)
                {
                    typeName = value;
                }
                else if (kind == 1)
                {
                    format = value;
                }
            }
        }

        reader.ReadLengthEncodedInteger(); // length of the fixed fields, always 0x0C
        var characterSet = reader.ReadUInt16();
        var columnLength = reader.ReadUInt32();
        var type = (MySqlColumnType)reader.ReadByte();
        var flags = (ColumnFlags)reader.ReadUInt16();
        var decimals = reader.ReadByte();
        return new ColumnDefinition(
            schema, table, originalTable, name, originalName, characterSet, columnLength, type, flags, decimals, typeName, format);
    }
}
