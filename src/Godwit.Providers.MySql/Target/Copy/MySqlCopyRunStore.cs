using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Copy;

/// <summary>A copy run's bookkeeping in the <c>godwit</c> database (<see cref="MySqlCopyStore"/>), on a connection of its own.</summary>
internal sealed class MySqlCopyRunStore(MySqlConnection admin) : ICopyRunStore
{
    public Task EnsureAsync(CancellationToken cancellationToken) => MySqlStateSchema.EnsureAsync(admin, cancellationToken);

    public Task<CopyRun?> FindRunAsync(string stream, CancellationToken cancellationToken) => MySqlCopyStore.FindRunAsync(admin, stream, cancellationToken);

    public Task ForgetRunsAsync(string stream, string sourceDatabase, string targetSchema, CancellationToken cancellationToken) =>
        MySqlCopyStore.ForgetRunsAsync(admin, stream, cancellationToken);

    public async Task<IReadOnlyList<SchemaNote>> ApplyPreDataAsync(PgSchemaPlan plan, IfExistsMode ifExists, CancellationToken cancellationToken)
    {
        try
        {
            return (await MySqlSchemaApplier.ApplyAsync(admin, plan, ifExists, [DdlPhase.PreData], cancellationToken)).Failed;
        }
        catch (SchemaConflictException ex)
        {
            throw new InvalidOperationException(ex.Message + " (or resume: an earlier run of this migration was not found in godwit.copy_runs)", ex);
        }
    }

    public Task<long> CreateRunAsync(
        string sourceDisplay, string sourceDatabase, string targetSchema, string stream, int jobs, IReadOnlyList<ChunkSpec> chunks, CancellationToken cancellationToken) =>
        MySqlCopyStore.CreateRunAsync(admin, sourceDisplay, sourceDatabase, targetSchema, stream, jobs, chunks, cancellationToken);

    public Task<IReadOnlyList<StoredChunk>> LoadChunksAsync(long runId, CancellationToken cancellationToken) => MySqlCopyStore.LoadChunksAsync(admin, runId, cancellationToken);

    public Task<(int Attempts, bool LockFree)> CountAttemptsAsync(long runId, CancellationToken cancellationToken) => MySqlCopyStore.CountAttemptsAsync(admin, runId, cancellationToken);

    public Task<int> AddPositionAsync(long runId, SnapshotInfo snapshot, CancellationToken cancellationToken) => MySqlCopyStore.AddPositionAsync(admin, runId, snapshot, cancellationToken);

    public Task SetStatusAsync(long runId, string status, CancellationToken cancellationToken) => MySqlCopyStore.SetStatusAsync(admin, runId, status, cancellationToken);

    public Task RestartTableAsync(long runId, CopyTable table, CancellationToken cancellationToken) => MySqlCopyStore.RestartTableAsync(admin, runId, table, cancellationToken);

    public Task<StreamPosition?> StartPositionAsync(long runId, CancellationToken cancellationToken) => MySqlCopyStore.StartPositionAsync(admin, runId, cancellationToken);

    public ValueTask DisposeAsync() => admin.DisposeAsync();
}
