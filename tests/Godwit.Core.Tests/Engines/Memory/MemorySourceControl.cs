using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Verify;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>The source's control in memory: a read-only flag, the log's head from a <see cref="MemoryStreamSource"/>, and a row count.</summary>
internal sealed class MemorySourceControl(MemoryStreamSource source) : ISourceControl
{
    public bool IsFrozen { get; private set; }

    public int Killed => 0;

    /// <summary>Read-only now (left so by an earlier cutover, or frozen by this one).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Whether the server-wide cutover lock is free.</summary>
    public bool ServerLockFree { get; set; } = true;

    public long Rows { get; set; }

    /// <summary>Every freeze and unfreeze, in order.</summary>
    public List<string> Actions { get; } = [];

    public Task<string> DescribeFreezeAsync(CancellationToken cancellationToken) => Task.FromResult("read_only = ON (memory)");

    public Task<bool> TryLockServerAsync(CancellationToken cancellationToken) => Task.FromResult(ServerLockFree);

    public Task<bool> IsReadOnlyAsync(CancellationToken cancellationToken) => Task.FromResult(ReadOnly);

    public Task<IReadOnlyList<string>> FreezeProblemsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    public Task FreezeAsync(TimeSpan grace, TimeSpan timeout, CancellationToken cancellationToken)
    {
        (IsFrozen, ReadOnly) = (true, true);
        Actions.Add("freeze");
        return Task.CompletedTask;
    }

    public Task<StreamPosition> HeadAsync(CancellationToken cancellationToken) => Task.FromResult(source.Head);

    public Task<string?> TransactionStateAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task EnsureEveryWriterStoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> ReleaseAfterSwitchAsync(TimeSpan hold, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task UnfreezeAsync()
    {
        (IsFrozen, ReadOnly) = (false, false);
        Actions.Add("unfreeze");
        return Task.CompletedTask;
    }

    public Task ForceUnfreezeAsync(CancellationToken cancellationToken)
    {
        (IsFrozen, ReadOnly) = (false, false);
        Actions.Add("force unfreeze");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SequenceMark>> SequenceMarksAsync(PgSchemaPlan plan, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SequenceMark>>([]);

    public Task<IReadOnlyList<IdentityMark>> IdentityMarksAsync(PgSchemaPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Task.FromResult<IReadOnlyList<IdentityMark>>(
            [.. plan.Tables.SelectMany(t => t.Columns.Where(c => c.IsIdentity).Select(c => new IdentityMark(t, c.Name, Rows + 1)))]);
    }

    public IVerifyEndpoint VerifyEndpoint() => new MemoryVerifyEndpoint(() => Rows);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
