namespace Godwit.MySql.Protocol;

/// <summary>
/// OK_Packet (header 0x00, or 0xFE when it ends a result set under CLIENT_DEPRECATE_EOF) and the
/// older EOF_Packet, which carries warnings and status in the opposite order.
/// </summary>
internal readonly record struct OkPacket(ulong AffectedRows, ulong LastInsertId, ServerStatusFlags Status, int WarningCount)
{
    public const byte OkHeader = 0x00;
    public const byte EofHeader = 0xFE;
    public const byte ErrorHeader = 0xFF;

    /// <summary>
    /// A row can start with 0xFE too (an 8-byte length prefix), but only when its first value is
    /// 16 MiB or larger, so a 0xFE packet shorter than that is always EOF/OK (MariaDB docs, "Result Set Packets").
    /// </summary>
    public static bool IsEndOfResultSet(ReadOnlySpan<byte> payload) =>
        payload.Length > 0 && payload[0] == EofHeader && payload.Length < 0xFFFFFF;

    public static OkPacket Parse(ReadOnlySpan<byte> payload, bool deprecateEof)
    {
        var reader = new MySqlPayloadReader(payload);
        var header = reader.ReadByte();
        if (header == EofHeader && (!deprecateEof || payload.Length < 7))
        {
            // EOF_Packet: int<2> warnings, int<2> status.
            var warnings = payload.Length >= 5 ? reader.ReadUInt16() : 0;
            var eofStatus = payload.Length >= 5 ? (ServerStatusFlags)reader.ReadUInt16() : ServerStatusFlags.None;
            return new OkPacket(0, 0, eofStatus, warnings);
        }

        var affected = reader.ReadLengthEncodedInteger();
        var insertId = reader.ReadLengthEncodedInteger();
        var status = (ServerStatusFlags)reader.ReadUInt16();
        var warningCount = reader.ReadUInt16();
        return new OkPacket(affected, insertId, status, warningCount);
    }
}
