using System.Text.Json;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Positions;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Copy;

/// <summary>
/// The copy's bookkeeping in the target's <c>godwit</c> database, as on PostgreSQL: a chunk is marked done in the same
/// transaction as its rows, one source position per copy attempt, and the stream starts at the earliest attempt that
/// committed a chunk.
/// </summary>
internal static class MySqlCopyStore
{
    public static async Task<CopyRun?> FindRunAsync(MySqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync(
            """
            SELECT r.run_id, r.status, (SELECT COUNT(*) FROM godwit.positions p WHERE p.run_id = r.run_id)
              FROM godwit.copy_runs r WHERE r.stream = ? ORDER BY r.run_id DESC LIMIT 1
            """, cancellationToken);
        await using var reader = await statement.QueryAsync([stream], cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new CopyRun(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2)) : null;
    }

    /// <summary>Creates a run and its planned chunks in one transaction.</summary>
    public static async Task<long> CreateRunAsync(
        MySqlConnection connection, string source, string sourceDatabase, string targetSchema, string stream, int jobs, IReadOnlyList<ChunkSpec> chunks, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("START TRANSACTION", cancellationToken);
        try
        {
            var created = await connection.ExecuteAsync(
                "INSERT INTO godwit.copy_runs (source, source_database, target_schema, stream, jobs) VALUES (?, ?, ?, ?, ?)",
                [source, sourceDatabase, targetSchema, stream, jobs], cancellationToken);
            var runId = checked((long)created.LastInsertId);
            await using (var insert = await connection.PrepareAsync(
                "INSERT INTO godwit.copy_chunks (run_id, source_table, chunk, lower_bound, upper_bound) VALUES (?, ?, ?, ?, ?)", cancellationToken))
            {
                foreach (var c in chunks)
                {
                    await insert.ExecuteAsync([runId, c.Table, c.Number, Bound(c.Lower), Bound(c.Upper)], cancellationToken);
                }
            }

            await connection.ExecuteAsync("COMMIT", cancellationToken);
            return runId;
        }
        catch
        {
            await RollbackQuietlyAsync(connection);
            throw;
        }
    }

    /// <summary>Empties the table on the target and marks its chunks pending, its rejects forgotten, in one transaction.</summary>
    public static async Task RestartTableAsync(MySqlConnection connection, long runId, CopyTable table, CancellationToken cancellationToken)
    {
        // DELETE, not TRUNCATE: TRUNCATE commits on its own (an implicit commit), and the done-marks must go with the rows.
        await connection.ExecuteAsync("START TRANSACTION", cancellationToken);
        try
        {
            await connection.ExecuteAsync($"DELETE FROM {MySqlIdentifier.Quote(table.Mapping.Schema)}.{MySqlIdentifier.Quote(table.Mapping.Name)}", cancellationToken);
            await connection.ExecuteAsync(
                """
                UPDATE godwit.copy_chunks SET status = 'pending', attempt = NULL, rows_read = NULL, rows_loaded = NULL, rows_rejected = NULL, bytes = NULL,
                       snapshot_engine = NULL, snapshot = NULL, worker = NULL, finished_at = NULL
                 WHERE run_id = ? AND source_table = ?
                """,
                [runId, table.Name], cancellationToken);
            await connection.ExecuteAsync("DELETE FROM godwit.copy_rejects WHERE run_id = ? AND source_table = ?", [runId, table.Name], cancellationToken);
            await connection.ExecuteAsync("COMMIT", cancellationToken);
        }
        catch
        {
            await RollbackQuietlyAsync(connection);
            throw;
        }
    }

    public static async Task<IReadOnlyList<StoredChunk>> LoadChunksAsync(MySqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync(
            """
            SELECT source_table, chunk, lower_bound, upper_bound, status = 'done',
                   COALESCE(rows_read, 0), COALESCE(rows_loaded, 0), COALESCE(rows_rejected, 0), COALESCE(bytes, 0), worker
              FROM godwit.copy_chunks WHERE run_id = ? ORDER BY source_table, chunk
            """, cancellationToken);
        await using var reader = await statement.QueryAsync([runId], cancellationToken);
        var list = new List<StoredChunk>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var spec = new ChunkSpec(reader.GetString(0), reader.GetInt32(1), ParseBound(reader, 2), ParseBound(reader, 3));
            list.Add(new StoredChunk(spec, reader.GetInt64(4) != 0, new CopyCounts(reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return list;
    }

    public static async Task<(int Attempts, bool LockFree)> CountAttemptsAsync(MySqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync(
            "SELECT COUNT(*), COALESCE(MAX(method = 'lock-free'), 0) FROM godwit.positions WHERE run_id = ?", cancellationToken);
        await using var reader = await statement.QueryAsync([runId], cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt64(1) != 0);
    }

    /// <summary>Records the source position of a copy attempt (1 for the first run, then one per resume).</summary>
    public static async Task<int> AddPositionAsync(MySqlConnection connection, long runId, SnapshotInfo snapshot, CancellationToken cancellationToken)
    {
        var method = snapshot.Method switch
        {
            SnapshotMethod.GlobalReadLock => "global-read-lock",
            SnapshotMethod.SlotSnapshot => "slot-snapshot",
            _ => "lock-free",
        };
        // One process copies a run (its chunks are claimed by status), so no lock is taken here: a locking read of the
        // maximum would take gap locks that deadlock against other runs' inserts on the same target.
        var attempt = 1 + (int)(long)(await ScalarAsync(connection, "SELECT COALESCE(MAX(attempt), 0) FROM godwit.positions WHERE run_id = ?", [runId], cancellationToken) ?? 0L);
        await connection.ExecuteAsync(
            "INSERT INTO godwit.positions (run_id, attempt, method, position_engine, position, warning) VALUES (?, ?, ?, ?, ?, ?)",
            [runId, attempt, method, snapshot.Position?.Engine, snapshot.Position?.Token, snapshot.Warning], cancellationToken);
        return attempt;
    }

    /// <summary>Where the change stream starts after this run: the earliest attempt that committed a chunk, else the first.</summary>
    public static async Task<StreamPosition?> StartPositionAsync(MySqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync(
            """
            SELECT p.position_engine, p.position FROM godwit.positions p
             WHERE p.run_id = ?
             ORDER BY NOT EXISTS (SELECT 1 FROM godwit.copy_chunks c WHERE c.run_id = p.run_id AND c.attempt = p.attempt AND c.status = 'done'), p.attempt
             LIMIT 1
            """, cancellationToken);
        await using var reader = await statement.QueryAsync([runId], cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) && !reader.IsDBNull(1)
            ? new StreamPosition(reader.GetString(0), reader.GetString(1))
            : null;
    }

    /// <summary>The stream's start after the latest copy of <paramref name="stream"/> (null when no copy recorded one).</summary>
    public static async Task<(long RunId, StreamPosition? Position)?> CdcStartAsync(MySqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        var run = await ScalarAsync(connection, "SELECT MAX(run_id) FROM godwit.copy_runs WHERE stream = ?", [stream], cancellationToken);
        if (run is not long runId)
        {
            return null;
        }

        return (runId, await StartPositionAsync(connection, runId, cancellationToken));
    }

    /// <summary>Tables copied as one chunk in the latest run of the stream, with the position their rows were read at.</summary>
    public static async Task<IReadOnlyList<(string Table, StreamPosition At)>> SingleChunkSnapshotsAsync(MySqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync(
            """
            SELECT c.source_table, c.snapshot_engine, c.snapshot
              FROM godwit.copy_chunks c
             WHERE c.run_id = (SELECT MAX(run_id) FROM godwit.copy_runs WHERE stream = ?)
               AND c.status = 'done' AND c.snapshot IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM godwit.copy_chunks o WHERE o.run_id = c.run_id AND o.source_table = c.source_table AND o.chunk <> c.chunk)
            """, cancellationToken);
        await using var reader = await statement.QueryAsync([stream], cancellationToken);
        var list = new List<(string, StreamPosition)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetString(0), new StreamPosition(reader.GetString(1), reader.GetString(2))));
        }

        return list;
    }

    /// <summary>Marks a chunk done inside the chunk's own transaction (before its COMMIT), with the cluster worker that copied it (null in one process).</summary>
    public static async Task MarkChunkDoneAsync(
        MySqlConnection connection, long runId, ChunkSpec chunk, CopyCounts counts, int attempt, StreamPosition? snapshot, string? worker, CancellationToken cancellationToken)
    {
        var result = await connection.ExecuteAsync(
            """
            UPDATE godwit.copy_chunks SET status = 'done', attempt = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?, bytes = ?,
                   snapshot_engine = ?, snapshot = ?, worker = ?, finished_at = CURRENT_TIMESTAMP(6)
             WHERE run_id = ? AND source_table = ? AND chunk = ? AND status = 'pending'
            """,
            [attempt, counts.Read, counts.Loaded, counts.Rejected, counts.Bytes, snapshot?.Engine, snapshot?.Token, worker, runId, chunk.Table, chunk.Number],
            cancellationToken);
        if (result.AffectedRows != 1)
        {
            throw new InvalidOperationException($"chunk {chunk.Table}#{chunk.Number} of run {runId} is not pending any more: is another godwit migrate running on this target?");
        }
    }

    /// <summary>Records a rejected row inside the chunk's transaction.</summary>
    public static Task AddRejectAsync(MySqlConnection connection, long runId, int chunk, RejectRecord reject, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "INSERT INTO godwit.copy_rejects (run_id, source_table, chunk, `key`, column_name, value, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [runId, reject.Table, chunk, reject.Key, reject.Column, reject.Value, reject.Reason],
            cancellationToken);

    public static Task SetStatusAsync(MySqlConnection connection, long runId, string status, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            "UPDATE godwit.copy_runs SET status = ?, finished_at = IF(? = 'done', CURRENT_TIMESTAMP(6), NULL) WHERE run_id = ?",
            [status, status, runId],
            cancellationToken);

    /// <summary>Forgets every run of the stream (<c>--restart</c>), and the stream's state with them.</summary>
    public static async Task ForgetRunsAsync(MySqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("DELETE FROM godwit.copy_runs WHERE stream = ?", [stream], cancellationToken);
        await connection.ExecuteAsync("DELETE FROM godwit.sync_state WHERE stream = ?", [stream], cancellationToken);
    }

    public static async Task RollbackQuietlyAsync(MySqlConnection connection)
    {
        if (!connection.IsUsable)
        {
            return;
        }

        try
        {
            await connection.ExecuteAsync("ROLLBACK", CancellationToken.None);
        }
        catch (Exception ex) when (ex is MySqlException or IOException or InvalidOperationException)
        {
            // The connection failed under the transaction: the server rolls it back.
        }
    }

    private static async Task<object?> ScalarAsync(MySqlConnection connection, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync(sql, cancellationToken);
        await using var reader = await statement.QueryAsync(parameters, cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetInt64(0) : null;
    }

    private static string? Bound(IReadOnlyList<string>? bound) => bound is null ? null : JsonSerializer.Serialize(bound);

    private static string[]? ParseBound(MySqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize<string[]>(reader.GetString(ordinal));
}
