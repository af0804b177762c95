using System.Text.Json;
using Godwit.Core.Verify;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Verify;

/// <summary>
/// Verify's progress and outcomes in the <c>godwit</c> database of a MySQL target (<c>godwit.verify_runs</c>,
/// <c>godwit.verify_chunks</c>), on one connection that the verify's parallel tables take turns on.
/// </summary>
internal sealed class MySqlVerifyStore(MySqlTargetSessions sessions) : IVerifyStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MySqlConnection? _connection;

    public async Task<bool> BeginAsync(string runId, string description, bool restart, CancellationToken cancellationToken) =>
        await WithConnectionAsync(
            async c =>
            {
                await MySqlStateSchema.EnsureAsync(c, cancellationToken);
                await c.ExecuteAsync("START TRANSACTION", cancellationToken);
                bool resuming;
                await using (var find = await c.PrepareAsync("SELECT finished_at IS NULL FROM godwit.verify_runs WHERE run_id = ? FOR UPDATE", cancellationToken))
                {
                    await using var reader = await find.QueryAsync([runId], cancellationToken);
                    resuming = await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 1 && !restart;
                }

                if (!resuming)
                {
                    await c.ExecuteAsync("DELETE FROM godwit.verify_runs WHERE run_id = ?", [runId], cancellationToken);
                    await c.ExecuteAsync("INSERT INTO godwit.verify_runs (run_id, description) VALUES (?, ?)", [runId, description], cancellationToken);
                }

                await c.ExecuteAsync("COMMIT", cancellationToken);
                return resuming;
            },
            cancellationToken);

    public async Task<IReadOnlyDictionary<long, ChunkOutcome>> CompletedChunksAsync(string runId, string table, CancellationToken cancellationToken) =>
        await WithConnectionAsync<IReadOnlyDictionary<long, ChunkOutcome>>(
            async c =>
            {
                await using var statement = await c.PrepareAsync(
                    "SELECT lo, hi, source_rows, target_rows, equal FROM godwit.verify_chunks WHERE run_id = ? AND table_name = ?", cancellationToken);
                await using var reader = await statement.QueryAsync([runId, table], cancellationToken);
                var done = new Dictionary<long, ChunkOutcome>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    done[reader.GetInt64(0)] = new ChunkOutcome(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4) != 0);
                }

                return done;
            },
            cancellationToken);

    public Task RecordChunkAsync(string runId, string table, ChunkOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return WithConnectionAsync(
            c => c.ExecuteAsync(
                """
                INSERT INTO godwit.verify_chunks (run_id, table_name, lo, hi, source_rows, target_rows, equal) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE hi = VALUES(hi), source_rows = VALUES(source_rows), target_rows = VALUES(target_rows),
                    equal = VALUES(equal), checked_at = CURRENT_TIMESTAMP(6)
                """,
                [runId, table, outcome.Lo, outcome.Hi, outcome.SourceRows, outcome.TargetRows, outcome.Equal],
                cancellationToken),
            cancellationToken);
    }

    public Task RecordOutcomeAsync(
        string runId, string targetSchema, string mode, long differences, IReadOnlyList<string> tables, IReadOnlyList<string> differingTables, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            c => c.ExecuteAsync(
                "UPDATE godwit.verify_runs SET target_schema = ?, mode = ?, differences = ?, tables = ?, differing_tables = ? WHERE run_id = ?",
                [targetSchema, mode, differences, JsonSerializer.Serialize(tables), JsonSerializer.Serialize(differingTables), runId],
                cancellationToken),
            cancellationToken);

    public Task FinishAsync(string runId, CancellationToken cancellationToken) =>
        WithConnectionAsync(
            c => c.ExecuteAsync("UPDATE godwit.verify_runs SET finished_at = CURRENT_TIMESTAMP(6) WHERE run_id = ?", [runId], cancellationToken),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task<T> WithConnectionAsync<T>(Func<MySqlConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not { IsUsable: true })
            {
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                }

                _connection = await sessions.OpenAsync(cancellationToken);
            }

            return await action(_connection);
        }
        finally
        {
            _gate.Release();
        }
    }
}
