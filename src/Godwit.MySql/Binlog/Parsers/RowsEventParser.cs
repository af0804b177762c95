using System.Globalization;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// WRITE/UPDATE/DELETE_ROWS v1 (23-25) and v2 (30-32). Post-header: table_id&lt;6&gt; (&lt;4&gt; with a
/// 6-byte post-header), flags&lt;2&gt;; v2 adds extra_data_length&lt;2&gt; (counting itself) and the extra
/// data. Body: column count&lt;packed&gt;, the columns-present bitmap, for updates a second bitmap for
/// the after image, then the rows. Only the framing is read here; rows decode lazily.
/// </summary>
internal static class RowsEventParser
{
    /// <returns>The event, or null for a rows event that carries no rows and names no mapped table
    /// (the servers' "dummy" end-of-statement event, table id ~0), which has nothing to decode.</returns>
    public static RowsEvent? Parse(
        BinlogEventHeader header, ReadOnlyMemory<byte> body, int postHeaderLength,
        IReadOnlyDictionary<ulong, BinlogTableMap> tables, BinlogRowImage before, BinlogRowImage after)
    {
        var kind = KindOf(header.Type);
        var isV2 = header.Type is BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2;
        var reader = new MySqlPayloadReader(body.Span);
        var tableId = postHeaderLength == 6 ? reader.ReadUInt32() : TableMapEventParser.ReadUInt48(ref reader);
        var flags = reader.ReadUInt16();
        var extraData = ReadOnlyMemory<byte>.Empty;
        if (isV2)
        {
            var extraLength = reader.ReadUInt16();
            extraData = body.Slice(reader.Position, Math.Max(0, extraLength - 2));
            reader.Skip(extraData.Length);
        }

        var columnCount = checked((int)reader.ReadLengthEncodedInteger());
        var bitmapLength = (columnCount + 7) / 8;
        var includedBefore = body.Slice(reader.Position, bitmapLength);
        reader.Skip(bitmapLength);
        var includedAfter = includedBefore;
        if (kind == RowsEventKind.Update)
        {
            includedAfter = body.Slice(reader.Position, bitmapLength);
            reader.Skip(bitmapLength);
        }

        if (!tables.TryGetValue(tableId, out var table))
        {
            if (reader.IsAtEnd)
            {
                return null;
            }

            // Happens when a stream starts inside a transaction; decoding without the map would misparse.
            throw BinlogErrors.Malformed(
                string.Create(CultureInfo.InvariantCulture, $"a {header.Type} event for table id {tableId} arrived without its TABLE_MAP (start from a transaction boundary)"));
        }

        return new RowsEvent(header, kind, table, flags, columnCount, extraData, includedBefore, includedAfter, body[reader.Position..], before, after);
    }

    private static RowsEventKind KindOf(BinlogEventType type) => type switch
    {
        BinlogEventType.WriteRowsV1 or BinlogEventType.WriteRowsV2 => RowsEventKind.Insert,
        BinlogEventType.UpdateRowsV1 or BinlogEventType.UpdateRowsV2 => RowsEventKind.Update,
        _ => RowsEventKind.Delete,
    };
}
