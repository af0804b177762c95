using Godwit.Core.Positions;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;
using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.Providers.MySql.Streaming;

/// <summary>A binlog rows event as the sync engine's <see cref="ChangeRows"/>: its rows read in place, its position made only when asked for.</summary>
internal sealed class BinlogChangeRows(RowsEvent rows, ChangeTable table) : ChangeRows
{
    private readonly BinlogRowView _before = new();
    private readonly BinlogRowView _after = new();

    public override ChangeTable Table => table;

    public override RowChangeKind Kind => rows.Kind switch
    {
        RowsEventKind.Insert => RowChangeKind.Insert,
        RowsEventKind.Update => RowChangeKind.Update,
        _ => RowChangeKind.Delete,
    };

    public override DateTimeOffset Time => rows.Header.Time;

    public override ISourceRowImage? Before => rows.Before is { } image ? _before.Over(image) : null;

    public override ISourceRowImage? After => rows.After is { } image ? _after.Over(image) : null;

    /// <summary>Asked for only when a table's copy snapshot is near (<see cref="Core.Engines.Sync.CopySnapshotFilter"/>): not made for every event.</summary>
    public override StreamPosition? Position => BinlogChangeSource.PositionOf(rows);

    public override bool ReadRow() => rows.ReadRow();
}
