using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;

namespace Godwit.Postgres.Source;

/// <summary>One pgoutput row change (or a TRUNCATE of one table) as the sync engine's <see cref="ChangeRows"/>: one row.</summary>
internal sealed class PgChangeRows(ChangeTable table, RowChangeKind kind, DateTimeOffset time, ISourceRowImage? before, ISourceRowImage? after) : ChangeRows
{
    private bool _read;

    public override ChangeTable Table => table;

    public override RowChangeKind Kind => kind;

    public override DateTimeOffset Time => time;

    public override ISourceRowImage? Before => before;

    public override ISourceRowImage? After => after;

    public override bool ReadRow()
    {
        if (_read)
        {
            return false;
        }

        _read = true;
        return true;
    }
}
