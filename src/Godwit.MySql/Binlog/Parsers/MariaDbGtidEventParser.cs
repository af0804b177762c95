using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Binlog.Gtids;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// MariaDB GTID_EVENT (162): seq_no&lt;8&gt;, domain_id&lt;4&gt;, flags2&lt;1&gt;, then commit_id&lt;8&gt; when
/// FL_GROUP_COMMIT_ID is set (else 6 reserved bytes), then XA and extra fields we do not need. The
/// server id of the GTID is the header's.
/// </summary>
internal static class MariaDbGtidEventParser
{
    public static MariaDbGtidEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var reader = new MySqlPayloadReader(body);
        var sequence = reader.ReadUInt64();
        var domain = reader.ReadUInt32();
        var flags = reader.ReadByte();
        ulong? commitId = (flags & MariaDbGtidEvent.GroupCommitIdFlag) != 0 ? reader.ReadUInt64() : null;
        return new MariaDbGtidEvent(header, new MariaDbGtid(domain, header.ServerId, sequence), flags, commitId);
    }
}
