using Godwit.Core.Providers;
using Godwit.Core.Sync;
using Godwit.Postgres.Apply;

namespace Godwit.Postgres.Streaming;

/// <summary>A <see cref="PgApplyTable"/> bound to its apply session, as the sync engine's <see cref="IApplyTable"/>.</summary>
internal sealed class PgStreamApplyTable(PgApplyTable table, PgApplySession session) : IApplyTable
{
    public string SourceName => table.Mapping.Source.QualifiedName;

    public bool HasKey => table.HasKey;

    public ValueTask AddInsertAsync(ISourceRowImage after, CancellationToken cancellationToken) => table.AddInsertAsync(session, after, cancellationToken);

    public ValueTask AddUpdateAsync(ISourceRowImage before, ISourceRowImage after, CancellationToken cancellationToken) =>
        table.AddUpdateAsync(session, before, after, cancellationToken);

    public ValueTask AddDeleteAsync(ISourceRowImage before, CancellationToken cancellationToken) => table.AddDeleteAsync(session, before, cancellationToken);

    public ValueTask AddTruncateAsync(CancellationToken cancellationToken) => table.AddTruncateAsync(session, cancellationToken);
}
