using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>An event copied out of the stream (rows as strings), so tests can assert after reading.</summary>
internal sealed record RecordedEvent(BinlogEvent Event, string? Table, List<RecordedRow> Rows, BinlogCheckpoint? Checkpoint = null)
{
    public static RecordedEvent From(BinlogEvent binlogEvent)
    {
        if (binlogEvent is not RowsEvent rows)
        {
            return new RecordedEvent(binlogEvent, null, []);
        }

        var list = new List<RecordedRow>();
        while (rows.ReadRow())
        {
            list.Add(new RecordedRow(Copy(rows.Before), Copy(rows.After)));
        }

        return new RecordedEvent(binlogEvent, rows.Table.Table, list);
    }

    private static byte[]?[]? Copy(BinlogRowImage? image)
    {
        if (image is null)
        {
            return null;
        }

        var values = new byte[]?[image.ColumnCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = image.IsNull(i) ? null : image.GetText(i).ToArray();
        }

        return values;
    }
}
