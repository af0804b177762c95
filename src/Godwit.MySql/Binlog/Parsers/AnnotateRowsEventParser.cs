using System.Text;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// MariaDB ANNOTATE_ROWS_EVENT (160): the statement text fills the body. MySQL's ROWS_QUERY_LOG_EVENT
/// (29) prefixes it with a 1-byte length that is wrong for statements over 255 bytes, so the text is
/// taken to the end of the body instead.
/// </summary>
internal static class AnnotateRowsEventParser
{
    public static AnnotateRowsEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var text = header.Type == BinlogEventType.RowsQuery && body.Length > 0 ? body[1..] : body;
        return new AnnotateRowsEvent(header, Encoding.UTF8.GetString(text));
    }
}
