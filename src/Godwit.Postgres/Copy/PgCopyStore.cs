using Godwit.Core.Copy;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Positions;
using Npgsql;
using NpgsqlTypes;

namespace Godwit.Postgres.Copy;

/// <summary>
/// The copy's bookkeeping in the target's <c>godwit</c> schema. A chunk's row in <c>godwit.copy_chunks</c> is marked
/// done in the same transaction as the chunk's rows, so after a crash the table says exactly what is on the target.
/// <c>godwit.positions</c> holds one source position per copy attempt (the first run and each resume); CDC starts at
/// the earliest attempt that committed a chunk (<c>godwit.cdc_start</c>): an attempt that died before its first chunk
/// holds nothing on the target, and starting at its position would replay what later snapshots already hold.
/// </summary>
public static class PgCopyStore
{
    public const string Schema = "godwit";

    /// <summary>Makes the godwit schema (the one bootstrap, <see cref="State.PgStateSchema"/>).</summary>
    public static Task EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        State.PgStateSchema.EnsureAsync(connection, cancellationToken);

    /// <summary>The latest copy run of <paramref name="stream"/>, if any.</summary>
    public static async Task<CopyRun?> FindRunAsync(NpgsqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = new NpgsqlCommand(
            """
            SELECT r.run_id, r.status, (SELECT count(*)::int FROM godwit.positions p WHERE p.run_id = r.run_id)
              FROM godwit.copy_runs r WHERE r.stream = $1 ORDER BY r.run_id DESC LIMIT 1
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? new CopyRun(r.GetInt64(0), r.GetString(1), r.GetInt32(2)) : null;
    }

    /// <summary>Creates a run and its planned chunks in one transaction.</summary>
    public static async Task<long> CreateRunAsync(
        NpgsqlConnection connection, string source, string sourceDatabase, string targetSchema, string stream, int jobs, IEnumerable<ChunkSpec> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(chunks);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        long runId;
        await using (var cmd = new NpgsqlCommand(
            "INSERT INTO godwit.copy_runs (source, source_database, target_schema, stream, jobs) VALUES ($1, $2, $3, $4, $5) RETURNING run_id", connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = source });
            cmd.Parameters.Add(new NpgsqlParameter { Value = sourceDatabase });
            cmd.Parameters.Add(new NpgsqlParameter { Value = targetSchema });
            cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
            cmd.Parameters.Add(new NpgsqlParameter { Value = jobs });
            runId = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY godwit.copy_chunks (run_id, source_table, chunk, lower_bound, upper_bound) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var c in chunks)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(runId, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(c.Table, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(c.Number, NpgsqlDbType.Integer, cancellationToken);
                await WriteBoundAsync(importer, c.Lower, cancellationToken);
                await WriteBoundAsync(importer, c.Upper, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return runId;
    }

    public static async Task<List<StoredChunk>> LoadChunksAsync(NpgsqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = new NpgsqlCommand(
            """
            SELECT source_table, chunk, lower_bound, upper_bound, status = 'done',
                   coalesce(rows_read, 0), coalesce(rows_loaded, 0), coalesce(rows_rejected, 0), coalesce(bytes, 0), worker
              FROM godwit.copy_chunks WHERE run_id = $1 ORDER BY source_table, chunk
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredChunk>();
        while (await r.ReadAsync(cancellationToken))
        {
            var spec = new ChunkSpec(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetFieldValue<string[]>(2), r.IsDBNull(3) ? null : r.GetFieldValue<string[]>(3));
            list.Add(new StoredChunk(spec, r.GetBoolean(4), new CopyCounts(r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8)), r.IsDBNull(9) ? null : r.GetString(9)));
        }

        return list;
    }

    /// <summary>
    /// For every table copied as one chunk (every keyless table, and small ones), the source position its rows were
    /// read at, from the latest copy run of <paramref name="stream"/>.
    /// The change stream skips that table's row events before it: they are in those rows already, and a keyless
    /// table has no key to make a replayed insert land once.
    /// </summary>
    public static async Task<IReadOnlyList<(string Table, StreamPosition At)>> ReadSingleChunkSnapshotsAsync(
        NpgsqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var snapshots = new List<(string, StreamPosition)>();
        if (!await PgRelation.ExistsAsync(connection, "godwit.copy_chunks", cancellationToken))
        {
            return snapshots;
        }

        await using var cmd = new NpgsqlCommand(
            """
            SELECT c.source_table, c.snapshot_file, c.snapshot_pos, c.snapshot_engine, c.snapshot
              FROM godwit.copy_chunks c
             WHERE c.run_id = (SELECT max(run_id) FROM godwit.copy_runs WHERE stream = $1)
               AND c.status = 'done' AND (c.snapshot IS NOT NULL OR c.snapshot_file IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM godwit.copy_chunks o WHERE o.run_id = c.run_id AND o.source_table = c.source_table AND o.chunk <> c.chunk)
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = State.PgStoredPosition.Read(
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), null);
            if (at is not null)
            {
                snapshots.Add((reader.GetString(0), at));
            }
        }

        return snapshots;
    }

    /// <summary>Records the source position of a copy attempt (1 for the first run, then one per resume).</summary>
    public static async Task<int> AddPositionAsync(NpgsqlConnection connection, long runId, SnapshotInfo snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(snapshot);
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO godwit.positions (run_id, attempt, method, binlog_file, binlog_pos, gtid, warning, position_engine, position)
            SELECT $1, coalesce(max(attempt), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM godwit.positions WHERE run_id = $1
            RETURNING attempt
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = snapshot.Method switch
        {
            SnapshotMethod.GlobalReadLock => "global-read-lock",
            SnapshotMethod.SlotSnapshot => "slot-snapshot",
            _ => "lock-free",
        } });
        var (engine, token, file, offset, gtids) = State.PgStoredPosition.Columns(snapshot.Position);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)file ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)offset ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)gtids ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)snapshot.Warning ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)engine ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)token ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return (int)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The position CDC must start from: the earliest recorded for the run.</summary>
    public static async Task<StreamPosition?> StartPositionAsync(NpgsqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = new NpgsqlCommand("SELECT binlog_file, binlog_pos, gtid, position_engine, position FROM godwit.cdc_start WHERE run_id = $1", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? State.PgStoredPosition.Read(
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2))
            : null;
    }

    /// <summary>Empties the table on the target and marks its chunks pending, its rejects forgotten, in one transaction.</summary>
    public static async Task RestartTableAsync(NpgsqlConnection connection, long runId, CopyTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecAsync(connection, tx, $"DELETE FROM {table.Mapping.QualifiedName}", cancellationToken);
        foreach (var sql in (string[])[
            """
            UPDATE godwit.copy_chunks SET status = 'pending', attempt = NULL, rows_read = NULL, rows_loaded = NULL, rows_rejected = NULL, bytes = NULL,
                   snapshot_file = NULL, snapshot_pos = NULL, snapshot_engine = NULL, snapshot = NULL, worker = NULL, finished_at = NULL
             WHERE run_id = $1 AND source_table = $2
            """,
            "DELETE FROM godwit.copy_rejects WHERE run_id = $1 AND source_table = $2"])
        {
            await using var cmd = new NpgsqlCommand(sql, connection, tx);
            cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = table.Name });
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Marks a chunk done inside the chunk's own transaction (before its COMMIT), with the cluster worker that copied it (null in one process).</summary>
    public static void MarkChunkDone(NpgsqlConnection connection, long runId, ChunkSpec chunk, CopyCounts counts, int attempt, StreamPosition? snapshot, string? worker)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(chunk);
        using var cmd = new NpgsqlCommand(
            """
            UPDATE godwit.copy_chunks SET status = 'done', attempt = $4, rows_read = $5, rows_loaded = $6, rows_rejected = $7, bytes = $8,
                   snapshot_file = $9, snapshot_pos = $10, snapshot_engine = $11, snapshot = $12, worker = $13, finished_at = now()
             WHERE run_id = $1 AND source_table = $2 AND chunk = $3 AND status = 'pending'
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = chunk.Table });
        cmd.Parameters.Add(new NpgsqlParameter { Value = chunk.Number });
        cmd.Parameters.Add(new NpgsqlParameter { Value = attempt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = counts.Read });
        cmd.Parameters.Add(new NpgsqlParameter { Value = counts.Loaded });
        cmd.Parameters.Add(new NpgsqlParameter { Value = counts.Rejected });
        cmd.Parameters.Add(new NpgsqlParameter { Value = counts.Bytes });
        var (engine, token, file, offset, _) = State.PgStoredPosition.Columns(snapshot);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)file ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)offset ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)engine ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)token ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)worker ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (cmd.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"chunk {chunk.Table}#{chunk.Number} of run {runId} is not pending any more: is another godwit migrate running on this target?");
        }
    }

    /// <summary>Records a rejected row inside the chunk's transaction (so it is counted exactly once, even across a resume).</summary>
    public static void AddReject(NpgsqlConnection connection, long runId, int chunk, RejectRecord reject)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(reject);
        using var cmd = new NpgsqlCommand(
            "INSERT INTO godwit.copy_rejects (run_id, source_table, chunk, key, column_name, value, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reject.Table });
        cmd.Parameters.Add(new NpgsqlParameter { Value = chunk });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reject.Key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)reject.Column ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)reject.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reject.Reason });
        cmd.ExecuteNonQuery();
    }

    public static async Task SetStatusAsync(NpgsqlConnection connection, long runId, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = new NpgsqlCommand(
            "UPDATE godwit.copy_runs SET status = $2, finished_at = CASE WHEN $2 = 'done' THEN now() END WHERE run_id = $1", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task DeferAsync(NpgsqlConnection connection, long runId, string obj, string sql, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO godwit.deferred_ddl (run_id, object, sql, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (run_id, object) DO UPDATE SET reason = EXCLUDED.reason", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = obj });
        cmd.Parameters.Add(new NpgsqlParameter { Value = sql });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reason });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets every run of the stream (<c>--restart</c>), and the stream's state with them.</summary>
    public static async Task ForgetRunsAsync(NpgsqlConnection connection, string stream, string sourceDatabase, string targetSchema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using (var cmd = new NpgsqlCommand("DELETE FROM godwit.copy_runs WHERE stream = $1", connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        // A change stream that followed the forgotten copy must not resume from its old position after the new
        // copy: its state goes too, so the next stream starts at the new copy's godwit.cdc_start. A cutover of the old
        // copy is marked discarded, not deleted: its routing versions must stay on record, so the next switch is
        // still numbered above every version ever handed out.
        if (await PgRelation.ExistsAsync(connection, "godwit.cutovers", cancellationToken))
        {
            await using var discard = new NpgsqlCommand(
                "UPDATE godwit.cutovers SET result = 'discarded' WHERE source_database = $1 AND target_schema = $2 AND result IS DISTINCT FROM 'discarded'", connection);
            discard.Parameters.Add(new NpgsqlParameter { Value = sourceDatabase });
            discard.Parameters.Add(new NpgsqlParameter { Value = targetSchema });
            await discard.ExecuteNonQueryAsync(cancellationToken);
        }

        if (await PgRelation.ExistsAsync(connection, "godwit.sync_state", cancellationToken))
        {
            await using var forget = new NpgsqlCommand("DELETE FROM godwit.sync_state WHERE stream = $1", connection);
            forget.Parameters.Add(new NpgsqlParameter { Value = stream });
            await forget.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WriteBoundAsync(NpgsqlBinaryImporter importer, IReadOnlyList<string>? bound, CancellationToken cancellationToken)
    {
        if (bound is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(bound.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        }
    }

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
