using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Postgres.Schema;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>A copy run's bookkeeping in the <c>godwit</c> schema (<see cref="PgCopyStore"/>), on a connection of its own.</summary>
internal sealed class PgCopyRunStore(NpgsqlConnection admin) : ICopyRunStore
{
    public Task EnsureAsync(CancellationToken cancellationToken) => PgCopyStore.EnsureAsync(admin, cancellationToken);

    public Task<CopyRun?> FindRunAsync(string stream, CancellationToken cancellationToken) => PgCopyStore.FindRunAsync(admin, stream, cancellationToken);

    public Task ForgetRunsAsync(string stream, string sourceDatabase, string targetSchema, CancellationToken cancellationToken) =>
        PgCopyStore.ForgetRunsAsync(admin, stream, sourceDatabase, targetSchema, cancellationToken);

    public async Task<IReadOnlyList<SchemaNote>> ApplyPreDataAsync(PgSchemaPlan plan, IfExistsMode ifExists, CancellationToken cancellationToken)
    {
        try
        {
            return (await PgSchemaApplier.ApplyAsync(admin, plan, ifExists, [DdlPhase.PreData], cancellationToken)).Failed;
        }
        catch (SchemaConflictException ex)
        {
            throw new InvalidOperationException(ex.Message + " (or resume: an earlier run of this migration was not found in godwit.copy_runs)", ex);
        }
    }

    public Task<long> CreateRunAsync(
        string sourceDisplay, string sourceDatabase, string targetSchema, string stream, int jobs, IReadOnlyList<ChunkSpec> chunks, CancellationToken cancellationToken) =>
        PgCopyStore.CreateRunAsync(admin, sourceDisplay, sourceDatabase, targetSchema, stream, jobs, chunks, cancellationToken);

    public async Task<IReadOnlyList<StoredChunk>> LoadChunksAsync(long runId, CancellationToken cancellationToken) =>
        await PgCopyStore.LoadChunksAsync(admin, runId, cancellationToken);

    public async Task<(int Attempts, bool LockFree)> CountAttemptsAsync(long runId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("SELECT count(*)::int, coalesce(bool_or(method = 'lock-free'), false) FROM godwit.positions WHERE run_id = $1", admin);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return (r.GetInt32(0), r.GetBoolean(1));
    }

    public Task<int> AddPositionAsync(long runId, SnapshotInfo snapshot, CancellationToken cancellationToken) =>
        PgCopyStore.AddPositionAsync(admin, runId, snapshot, cancellationToken);

    public Task SetStatusAsync(long runId, string status, CancellationToken cancellationToken) => PgCopyStore.SetStatusAsync(admin, runId, status, cancellationToken);

    public Task RestartTableAsync(long runId, CopyTable table, CancellationToken cancellationToken) => PgCopyStore.RestartTableAsync(admin, runId, table, cancellationToken);

    public Task<StreamPosition?> StartPositionAsync(long runId, CancellationToken cancellationToken) => PgCopyStore.StartPositionAsync(admin, runId, cancellationToken);

    public ValueTask DisposeAsync() => admin.DisposeAsync();
}
