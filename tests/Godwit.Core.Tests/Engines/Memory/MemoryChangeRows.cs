using Godwit.Core.Positions;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>Row changes of the test double; read once per connection (a replay makes a fresh copy with <see cref="Replay"/>).</summary>
internal sealed class MemoryChangeRows(ChangeTable table, RowChangeKind kind, IReadOnlyList<(MemoryRow? Before, MemoryRow? After)> rows) : ChangeRows
{
    private int _next = -1;

    public override ChangeTable Table => table;

    public override RowChangeKind Kind => kind;

    public override DateTimeOffset Time { get; } = DateTimeOffset.UtcNow;

    public override ISourceRowImage? Before => rows[_next].Before;

    public override ISourceRowImage? After => rows[_next].After;

    public override bool ReadRow() => ++_next < rows.Count;

    public MemoryChangeRows Replay(StreamPosition? at) => new(table, kind, rows) { Position = at };
}
