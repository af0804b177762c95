using Godwit.Core.Engines.Sync;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>One connection to the <see cref="MemoryStreamTarget"/>: the open transaction's changes, committed with the position or dropped.</summary>
internal sealed class MemoryApplySession(MemoryStreamTarget target) : IApplySession
{
    private readonly List<(SyncRowKind Kind, string Key, IReadOnlyList<string?>? Values)> _open = [];

    public Task EnsureStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<long?> SwitchedCutoverAsync(string schema, CancellationToken cancellationToken) => Task.FromResult(target.SwitchedCutover());

    public Task LockAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StreamStart> ResolveStartAsync(StreamStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = request.ExplicitStart ?? target.Position ?? target.CopyStart
            ?? throw new SyncException("no position for the stream: copy first, or give --from");
        return Task.FromResult(new StreamStart(start, start));
    }

    public Task<IReadOnlyList<(string Table, StreamPosition At)>> CopySnapshotsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(string Table, StreamPosition At)>>([]);

    public Task PrepareAsync(SourceModel model, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetStatusAsync(string status, string? error, CancellationToken cancellationToken)
    {
        target.Record(status);
        return Task.CompletedTask;
    }

    public IApplyTable? Table(ChangeTable table, SourceModel model)
    {
        ArgumentNullException.ThrowIfNull(table);
        return model?.Table(table.Name) is null ? null : new MemoryApplyTable(table.Schema + "." + table.Name, _open);
    }

    public ValueTask BeginAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<Task> SubmitCommitAsync(StreamProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var changes = _open.ToList();
        _open.Clear();
        Task done;
        try
        {
            target.Commit(changes, progress.Position);
            done = Task.CompletedTask;
        }
        catch (Exception ex)
        {
            done = Task.FromException(ex);
        }

        return ValueTask.FromResult(done);
    }

    public Task RollbackAsync()
    {
        _open.Clear();
        return Task.CompletedTask;
    }

    public Task<SchemaChangeOutcome> ApplySchemaChangeAsync(
        SourceModel after, IReadOnlyList<SourceDdlAction> actions, string where, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (target.SchemaChangeUnsupported is { } reason)
        {
            return Task.FromResult(new SchemaChangeOutcome(reason, 0));
        }

        target.SchemaChanges.Add($"{where}: {string.Join(", ", actions.Select(a => a.Kind))}");
        return Task.FromResult(new SchemaChangeOutcome(null, 1));
    }

    public ValueTask DisposeAsync()
    {
        _open.Clear();
        return ValueTask.CompletedTask;
    }
}
