using System.Text;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// QUERY_EVENT (2). Post-header: thread_id&lt;4&gt;, exec_time&lt;4&gt;, schema_length&lt;1&gt;,
/// error_code&lt;2&gt;, status_vars_length&lt;2&gt; (binlog v4). Body: the status variables (skipped:
/// session settings the statement ran with), the schema and a NUL, then the statement to the end.
/// </summary>
internal static class QueryEventParser
{
    public static QueryEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body, int postHeaderLength)
    {
        var reader = new MySqlPayloadReader(body);
        var threadId = reader.ReadUInt32();
        var executionSeconds = reader.ReadUInt32();
        var schemaLength = reader.ReadByte();
        var errorCode = reader.ReadUInt16();
        var statusLength = postHeaderLength >= 13 ? reader.ReadUInt16() : 0;
        reader.Skip(Math.Max(0, postHeaderLength - 13));
        reader.Skip(statusLength);
        var schema = Encoding.UTF8.GetString(reader.ReadBytes(schemaLength));
        reader.Skip(1);
        var query = Encoding.UTF8.GetString(reader.ReadToEnd());
        return new QueryEvent(header, threadId, executionSeconds, errorCode, schema, query);
    }
}
