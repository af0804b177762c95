using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Binlog.Gtids;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// MariaDB GTID_LIST_EVENT (163): count&lt;4&gt; (low 28 bits; the top 4 are flags), then per GTID
/// domain_id&lt;4&gt;, server_id&lt;4&gt;, seq_no&lt;8&gt;.
/// </summary>
internal static class GtidListEventParser
{
    public static MariaDbGtidListEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var reader = new MySqlPayloadReader(body);
        var countAndFlags = reader.ReadUInt32();
        var count = (int)(countAndFlags & 0x0FFFFFFF);
        var gtids = new MariaDbGtid[count];
        for (var i = 0; i < count; i++)
        {
            var domain = reader.ReadUInt32();
            var server = reader.ReadUInt32();
            gtids[i] = new MariaDbGtid(domain, server, reader.ReadUInt64());
        }

        return new MariaDbGtidListEvent(header, gtids, (byte)(countAndFlags >> 28));
    }
}
