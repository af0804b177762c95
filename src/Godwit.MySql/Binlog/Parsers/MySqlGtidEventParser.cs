using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// MySQL GTID_LOG_EVENT (33) and ANONYMOUS_GTID_LOG_EVENT (34) (libbinlogevents control_events.h):
/// flags&lt;1&gt;, sid&lt;16&gt;, gno&lt;8&gt;; since 5.7: lt_type&lt;1&gt; = 2, last_committed&lt;8&gt;,
/// sequence_number&lt;8&gt;; since 8.0.1: immediate_commit_timestamp&lt;7&gt; (µs), whose top bit says
/// original_commit_timestamp&lt;7&gt; follows (else the two are equal); then fields we do not need.
/// </summary>
internal static class MySqlGtidEventParser
{
    private const byte LogicalTimestampTypeCode = 2;
    private const ulong CommitTimestampMask = (1UL << 55) - 1;
    private const ulong OriginalTimestampFollowsBit = 1UL << 55;

    public static MySqlGtidEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var reader = new MySqlPayloadReader(body);
        var flags = reader.ReadByte();
        var sid = new Guid(reader.ReadBytes(16), bigEndian: true);
        var gno = (long)reader.ReadUInt64();
        long? lastCommitted = null, sequenceNumber = null;
        DateTimeOffset? immediate = null, original = null;
        if (reader.Remaining >= 17 && reader.PeekByte() == LogicalTimestampTypeCode)
        {
            reader.Skip(1);
            lastCommitted = (long)reader.ReadUInt64();
            sequenceNumber = (long)reader.ReadUInt64();
            if (reader.Remaining >= 7)
            {
                var raw = ReadUInt56(ref reader);
                immediate = FromMicroseconds(raw & CommitTimestampMask);
                original = (raw & OriginalTimestampFollowsBit) != 0 && reader.Remaining >= 7
                    ? FromMicroseconds(ReadUInt56(ref reader) & CommitTimestampMask)
                    : immediate;
            }
        }

        return new MySqlGtidEvent(header, flags, sid, gno, lastCommitted, sequenceNumber, immediate, original);
    }

    private static ulong ReadUInt56(ref MySqlPayloadReader reader)
    {
        var bytes = reader.ReadBytes(7);
        ulong value = 0;
        for (var i = 6; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private static DateTimeOffset FromMicroseconds(ulong micros) =>
        DateTimeOffset.UnixEpoch.AddTicks(checked((long)micros * 10));
}
