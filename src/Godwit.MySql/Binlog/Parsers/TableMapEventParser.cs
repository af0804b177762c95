using System.Text;
using Godwit.MySql.Binlog.Decoding;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// TABLE_MAP_EVENT (19). Post-header: table id&lt;6&gt; (&lt;4&gt; when the post-header is 6 bytes, pre-5.1.4),
/// flags&lt;2&gt;. Body: schema and table names (length byte, bytes, NUL), column count&lt;packed&gt;,
/// one type byte per column, metadata&lt;packed length&gt;, the NULL-able bitmap, then optional metadata.
/// </summary>
internal static class TableMapEventParser
{
    public static TableMapEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body, int postHeaderLength, ServerFlavor flavor, BinlogColumnHints? hints)
    {
        var reader = new MySqlPayloadReader(body);
        var tableId = postHeaderLength == 6 ? reader.ReadUInt32() : ReadUInt48(ref reader);
        reader.Skip(2);
        var database = ReadName(ref reader);
        var table = ReadName(ref reader);
        var count = checked((int)reader.ReadLengthEncodedInteger());
        var types = reader.ReadBytes(count);
        var metadata = reader.ReadLengthEncodedBytes();
        var nullable = reader.ReadBytes((count + 7) / 8);

        var columns = new BinlogColumn[count];
        var metadataReader = new MySqlPayloadReader(metadata);
        for (var i = 0; i < count; i++)
        {
            var type = (MySqlColumnType)types[i];
            columns[i] = new BinlogColumn(i, type, ReadColumnMetadata(ref metadataReader, type), (nullable[i >> 3] & (1 << (i & 7))) != 0);
        }

        var primaryKey = new List<int>();
        var hasOptional = !reader.IsAtEnd;
        if (hasOptional)
        {
            TableMapOptionalMetadataParser.Apply(reader.ReadToEnd(), columns, primaryKey, flavor);
        }

        foreach (var column in columns)
        {
            // ENUM/SET labels are rendered per row; transcode them once here.
            column.EnumValues = BinlogTextTranscoder.ToUtf8(column.EnumValues, column.CollationId);
            column.SetValues = BinlogTextTranscoder.ToUtf8(column.SetValues, column.CollationId);
            if (hints is not null && hints.Get(database, table, column.Name) is var hint && Fits(column, hint))
            {
                column.Hint = hint;
            }
        }

        return new TableMapEvent(header, new BinlogTableMap(tableId, database, table, columns, [.. primaryKey], hasOptional));
    }

    /// <summary>
    /// Hints are named from the schema now, but a map may be older than the schema (a column since changed to or
    /// from UUID/INET): a hint only applies to the BINARY(n) shape MariaDB logs those types in.
    /// </summary>
    private static bool Fits(BinlogColumn column, BinlogColumnHint hint) => hint switch
    {
        BinlogColumnHint.None => false,
        BinlogColumnHint.Inet4 => column.RealType == MySqlColumnType.String && column.Length == 4,
        _ => column.RealType == MySqlColumnType.String && column.Length == 16,
    };

    internal static ulong ReadUInt48(ref MySqlPayloadReader reader)
    {
        var bytes = reader.ReadBytes(6);
        ulong value = 0;
        for (var i = 5; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private static string ReadName(ref MySqlPayloadReader reader)
    {
        var length = reader.ReadByte();
        var name = Encoding.UTF8.GetString(reader.ReadBytes(length));
        reader.Skip(1);
        return name;
    }

    /// <summary>How many metadata bytes each type has, and how they combine (see <see cref="BinlogColumn"/>).</summary>
    private static ushort ReadColumnMetadata(ref MySqlPayloadReader reader, MySqlColumnType type)
    {
        switch (type)
        {
            case MySqlColumnType.Float or MySqlColumnType.Double or MySqlColumnType.Blob or MySqlColumnType.TinyBlob
                or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob or MySqlColumnType.Geometry or MySqlColumnType.Json
                or MySqlColumnType.Time2 or MySqlColumnType.DateTime2 or MySqlColumnType.Timestamp2:
                return reader.ReadByte();
            case MySqlColumnType.VarChar or MySqlColumnType.VarString or MySqlColumnType.Bit or MySqlColumnType.NewDecimal
                or MySqlColumnType.String or MySqlColumnType.Enum or MySqlColumnType.Set:
                return reader.ReadUInt16();
            default:
                return 0;
        }
    }
}
