using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers;
using Godwit.Core.Sync;
using Godwit.Postgres.Apply;

namespace Godwit.Postgres.Streaming;

/// <summary>
/// A <see cref="PgApplyTable"/> bound to its apply session, as the sync engine's <see cref="IApplyTable"/>.
/// <paramref name="routedFrom"/> names the source partition whose rows it writes into the target's partitioned root
/// (the target lacks that partition: <see cref="LoggedTableMapping"/>).
/// </summary>
internal sealed class PgStreamApplyTable(PgApplyTable table, PgApplySession session, string? routedFrom = null) : IApplyTable
{
    public string SourceName => table.Mapping.Source.QualifiedName;

    public bool HasKey => table.HasKey;

    public ValueTask AddInsertAsync(ISourceRowImage after, CancellationToken cancellationToken) => table.AddInsertAsync(session, after, cancellationToken);

    public ValueTask AddUpdateAsync(ISourceRowImage before, ISourceRowImage after, CancellationToken cancellationToken) =>
        table.AddUpdateAsync(session, before, after, cancellationToken);

    public ValueTask AddDeleteAsync(ISourceRowImage before, CancellationToken cancellationToken) => table.AddDeleteAsync(session, before, cancellationToken);

    // A routed partition's rows sit in whichever partitions of the target took them: truncating the root would empty
    // every partition, and truncating nothing would keep these rows.
    public ValueTask AddTruncateAsync(CancellationToken cancellationToken) =>
        routedFrom is null
            ? table.AddTruncateAsync(session, cancellationToken)
            : throw new SyncException(
                $"TRUNCATE of {routedFrom}, a partition the target lacks (its rows went into {table.Mapping.QualifiedName}, which routed them): "
                + "the stream stops before it. Delete that partition's rows on the target by hand, then restart the stream with --from the position after "
                + "this transaction; or create the partition on the target before its first row (`godwit assess --fix --ddl-trigger` and --on-ddl apply do that as it happens).");
}
