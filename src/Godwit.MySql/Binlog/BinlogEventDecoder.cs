using System.Buffers.Binary;
using System.Globalization;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Binlog.Parsers;

namespace Godwit.MySql.Binlog;

/// <summary>
/// Turns raw events into <see cref="BinlogEvent"/>s: verifies the checksum, keeps the state later
/// events need (the current FORMAT_DESCRIPTION's post-header lengths and checksum algorithm, the
/// table maps by id) and hands each type to its parser. Unknown types are skipped by length. Works
/// on bytes alone, so byte fixtures test it without a server.
/// </summary>
internal sealed class BinlogEventDecoder
{
    private readonly Dictionary<ulong, BinlogTableMap> _tables = [];
    private readonly Dictionary<ulong, byte[]> _tableMapBytes = [];
    private readonly BinlogColumnHints? _hints;
    private readonly bool _verifyChecksums;
    private readonly BinlogRowImage _before = new();
    private readonly BinlogRowImage _after = new();
    private FormatDescriptionEvent? _format;
    private BinlogChecksumAlgorithm _checksum;
    private ServerFlavor _flavor;

    /// <param name="checksum">The algorithm agreed with the source, which applies until the first FORMAT_DESCRIPTION.</param>
    public BinlogEventDecoder(BinlogChecksumAlgorithm checksum, bool verifyChecksums, BinlogColumnHints? hints)
    {
        _checksum = checksum;
        _verifyChecksums = verifyChecksums;
        _hints = hints;
    }

    /// <summary>The binlog file name the events come from, for error messages (the client keeps it current).</summary>
    public string? CurrentFile { get; set; }

    public BinlogEvent Decode(ReadOnlyMemory<byte> eventBytes, DateTimeOffset receivedAt)
    {
        var bytes = eventBytes.Span;
        var header = BinlogEventHeaderReader.Read(bytes);
        if (header.Type == BinlogEventType.FormatDescription)
        {
            return DecodeFormatDescription(header, bytes);
        }

        var checksumLength = _checksum == BinlogChecksumAlgorithm.Crc32 ? 4 : 0;
        if (bytes.Length < BinlogEventHeader.Size + checksumLength)
        {
            throw BinlogErrors.Malformed(string.Create(CultureInfo.InvariantCulture, $"a {header.Type} event of {bytes.Length} bytes has no room for its checksum"));
        }

        if (checksumLength > 0)
        {
            Verify(header, bytes);
        }

        var body = eventBytes[BinlogEventHeader.Size..^checksumLength];
        return DecodeBody(header, body, receivedAt);
    }

    private BinlogEvent DecodeBody(BinlogEventHeader header, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt)
    {
        var span = body.Span;
        switch (header.Type)
        {
            case BinlogEventType.Rotate:
                return RotateEventParser.Parse(header, span);
            case BinlogEventType.Query:
                return QueryEventParser.Parse(header, span, PostHeaderLength(header.Type, 13));
            case BinlogEventType.Xid:
                return XidEventParser.Parse(header, span);
            case BinlogEventType.TableMap:
                return DecodeTableMap(header, span);
            case BinlogEventType.WriteRowsV1 or BinlogEventType.UpdateRowsV1 or BinlogEventType.DeleteRowsV1:
                return RowsEventParser.Parse(header, body, PostHeaderLength(header.Type, 8), _tables, _before, _after) ?? (BinlogEvent)new UnknownEvent(header);
            case BinlogEventType.WriteRowsV2 or BinlogEventType.UpdateRowsV2 or BinlogEventType.DeleteRowsV2:
                return RowsEventParser.Parse(header, body, PostHeaderLength(header.Type, 10), _tables, _before, _after) ?? (BinlogEvent)new UnknownEvent(header);
            case BinlogEventType.MariaDbGtid:
                return MariaDbGtidEventParser.Parse(header, span);
            case BinlogEventType.MySqlGtid or BinlogEventType.MySqlAnonymousGtid:
                return MySqlGtidEventParser.Parse(header, span);
            case BinlogEventType.MariaDbGtidList:
                return GtidListEventParser.Parse(header, span);
            case BinlogEventType.MySqlPreviousGtids:
                return PreviousGtidsEventParser.Parse(header, span);
            case BinlogEventType.MariaDbAnnotateRows or BinlogEventType.RowsQuery:
                return AnnotateRowsEventParser.Parse(header, span);
            case BinlogEventType.MariaDbBinlogCheckpoint:
                return BinlogCheckpointEventParser.Parse(header, span);
            case BinlogEventType.Heartbeat or BinlogEventType.MySqlHeartbeatV2:
                return HeartbeatEventParser.Parse(header, span, receivedAt);
            case BinlogEventType.MariaDbQueryCompressed or BinlogEventType.MariaDbWriteRowsCompressedV1
                or BinlogEventType.MariaDbUpdateRowsCompressedV1 or BinlogEventType.MariaDbDeleteRowsCompressedV1
                or BinlogEventType.MariaDbWriteRowsCompressedV2 or BinlogEventType.MariaDbUpdateRowsCompressedV2
                or BinlogEventType.MariaDbDeleteRowsCompressedV2 or BinlogEventType.MySqlTransactionPayload
                or BinlogEventType.MySqlPartialUpdateRows or BinlogEventType.MariaDbStartEncryption:
                // These carry changes in a form we cannot read; skipping them would silently lose data.
                throw new NotSupportedException(
                    $"The source wrote a {header.Type} event, which Godwit cannot read; turn off binlog compression "
                    + "(MariaDB log_bin_compress, MySQL binlog_transaction_compression), binlog encryption, and "
                    + "binlog_row_value_options=PARTIAL_JSON on the source.");
            case BinlogEventType.Incident:
                throw BinlogErrors.Malformed("the source logged an INCIDENT event: it lost changes, so replicating past it would be wrong");
            default:
                return new UnknownEvent(header);
        }
    }

    private FormatDescriptionEvent DecodeFormatDescription(BinlogEventHeader header, ReadOnlySpan<byte> bytes)
    {
        var format = FormatDescriptionEventParser.Parse(header, bytes[BinlogEventHeader.Size..]);
        if (format.ChecksumAlgorithm == BinlogChecksumAlgorithm.Crc32)
        {
            Verify(header, bytes);
        }

        // Each file's FORMAT_DESCRIPTION decides the checksums of the events that follow it in that file.
        _format = format;
        _flavor = ServerVersion.Parse(format.ServerVersion).Flavor;
        _checksum = format.ChecksumAlgorithm == BinlogChecksumAlgorithm.Crc32 ? BinlogChecksumAlgorithm.Crc32 : BinlogChecksumAlgorithm.Off;
        return format;
    }

    /// <summary>
    /// A TABLE_MAP is logged before every statement's rows; when its bytes equal the previous map of
    /// that table id, reuse the parsed map instead of allocating a new one per transaction.
    /// </summary>
    private TableMapEvent DecodeTableMap(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var postHeaderLength = PostHeaderLength(BinlogEventType.TableMap, 8);
        var tableId = postHeaderLength == 6 ? BinaryPrimitives.ReadUInt32LittleEndian(body) : ReadTableId(body);
        if (_tableMapBytes.TryGetValue(tableId, out var previous) && body.SequenceEqual(previous) && _tables.TryGetValue(tableId, out var cached))
        {
            return new TableMapEvent(header, cached);
        }

        var parsed = TableMapEventParser.Parse(header, body, postHeaderLength, _flavor, _hints);
        _tables[tableId] = parsed.Table;
        _tableMapBytes[tableId] = body.ToArray();
        return parsed;
    }

    private static ulong ReadTableId(ReadOnlySpan<byte> body)
    {
        ulong value = 0;
        for (var i = 5; i >= 0; i--)
        {
            value = (value << 8) | body[i];
        }

        return value;
    }

    private void Verify(BinlogEventHeader header, ReadOnlySpan<byte> bytes)
    {
        if (!_verifyChecksums)
        {
            return;
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]);
        var computed = BinlogCrc32.Compute(bytes[..^4]);
        if (stored != computed)
        {
            throw BinlogErrors.ChecksumMismatch(header, CurrentFile, stored, computed);
        }
    }

    private int PostHeaderLength(BinlogEventType type, int fallback) => _format?.PostHeaderLength(type, fallback) ?? fallback;
}
