using System.Globalization;

namespace Godwit.MySql.Binlog;

/// <summary>The binlog client's errors, worded for the operator who has to act on them.</summary>
internal static class BinlogErrors
{
    /// <summary>ER_MASTER_FATAL_ERROR_READING_BINLOG: the source cannot serve the requested position (purged, never existed, or corrupt).</summary>
    public const int SourceCannotReadBinlog = 1236;

    public static MySqlException Malformed(string detail) =>
        MySqlException.Client(MySqlClientError.MalformedPacket, $"Malformed binlog event: {detail}.");

    public static MySqlException ChecksumMismatch(BinlogEventHeader header, string? file, uint expected, uint actual) =>
        MySqlException.Client(
            MySqlClientError.MalformedPacket,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The binlog event {header.Type} ending at {file ?? "?"}:{header.NextPosition} fails its CRC32 checksum "
                + $"(stored 0x{expected:X8}, computed 0x{actual:X8}): the event was corrupted on the source or in transit."));

    /// <summary>
    /// Error 1236 while dumping means the source will never send what we asked for; it must not look
    /// like a transient failure to retry, or like an empty stream.
    /// </summary>
    public static MySqlException PositionUnavailable(MySqlException serverError, string start) =>
        new(
            serverError.ErrorCode,
            serverError.SqlState,
            $"The binlog position {start} is no longer on the source; re-run migrate. (The source said: {serverError.Message})",
            serverError);
}
