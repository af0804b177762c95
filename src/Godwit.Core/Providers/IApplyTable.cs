using Godwit.Core.Sync;

namespace Godwit.Core.Providers;

/// <summary>How one logged table's rows are applied to the target, in the open apply transaction.</summary>
public interface IApplyTable
{
    /// <summary>The source table's qualified name, for messages.</summary>
    string SourceName { get; }

    /// <summary>Whether rows are matched by a key (without one, on all columns, and a replay may duplicate inserts).</summary>
    bool HasKey { get; }

    ValueTask AddInsertAsync(ISourceRowImage after, CancellationToken cancellationToken);

    ValueTask AddUpdateAsync(ISourceRowImage before, ISourceRowImage after, CancellationToken cancellationToken);

    ValueTask AddDeleteAsync(ISourceRowImage before, CancellationToken cancellationToken);

    /// <summary>Empties the table, in order with the rows before and after it.</summary>
    ValueTask AddTruncateAsync(CancellationToken cancellationToken);
}
