using Godwit.Core.Connections;
using Godwit.Core.Verify;
using Npgsql;

namespace Godwit.Postgres.Verify;

/// <summary>
/// Keeps verify progress on the target, in the <c>godwit</c> schema: <c>verify_runs</c> (one row per run id,
/// finished or not) and <c>verify_chunks</c> (each finished chunk's bounds, row counts and whether it matched).
/// A rerun of an unfinished run skips its matching chunks; a finished run, or <c>--restart</c>, starts over.
/// </summary>
public sealed class PgVerifyProgressStore : IVerifyStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PgVerifyProgressStore(ConnectionUri target)
    {
        _dataSource = NpgsqlDataSource.Create(PgConnectionFactory.ToConnectionString(target));
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    public async Task<bool> BeginAsync(string runId, string description, bool restart, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await State.PgStateSchema.EnsureAsync(connection, cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        bool resuming;
        await using (var find = new NpgsqlCommand("SELECT finished_at IS NULL FROM godwit.verify_runs WHERE run_id = $1 FOR UPDATE", connection, tx))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = runId });
            resuming = await find.ExecuteScalarAsync(cancellationToken) is true && !restart;
        }

        if (!resuming)
        {
            foreach (var sql in (string[])["DELETE FROM godwit.verify_runs WHERE run_id = $1", "INSERT INTO godwit.verify_runs (run_id, description) VALUES ($1, $2)"])
            {
                await using var reset = new NpgsqlCommand(sql, connection, tx);
                reset.Parameters.Add(new NpgsqlParameter { Value = runId });
                if (sql.Contains("$2", StringComparison.Ordinal))
                {
                    reset.Parameters.Add(new NpgsqlParameter { Value = description });
                }

                await reset.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return resuming;
    }

    public async Task<IReadOnlyDictionary<long, ChunkOutcome>> CompletedChunksAsync(string runId, string table, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT lo, hi, source_rows, target_rows, equal FROM godwit.verify_chunks WHERE run_id = $1 AND table_name = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var done = new Dictionary<long, ChunkOutcome>();
        while (await reader.ReadAsync(cancellationToken))
        {
            done[reader.GetInt64(0)] = new ChunkOutcome(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetBoolean(4));
        }

        return done;
    }

    public async Task RecordChunkAsync(string runId, string table, ChunkOutcome outcome, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO godwit.verify_chunks (run_id, table_name, lo, hi, source_rows, target_rows, equal) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (run_id, table_name, lo) DO UPDATE SET hi = excluded.hi, source_rows = excluded.source_rows,
                target_rows = excluded.target_rows, equal = excluded.equal, checked_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome.Lo });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome.Hi });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome.SourceRows });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome.TargetRows });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome.Equal });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Keeps a finished run's outcome for cutover's gate: the tables it compared and those where it found rows
    /// missing, extra or different (<paramref name="differences"/> in all).
    /// </summary>
    public async Task RecordOutcomeAsync(
        string runId, string targetSchema, string mode, long differences, IReadOnlyList<string> tables, IReadOnlyList<string> differingTables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(differingTables);
        await using var command = _dataSource.CreateCommand(
            "UPDATE godwit.verify_runs SET target_schema = $2, mode = $3, differences = $4, tables = $5, differing_tables = $6 WHERE run_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        command.Parameters.Add(new NpgsqlParameter { Value = targetSchema });
        command.Parameters.Add(new NpgsqlParameter { Value = mode });
        command.Parameters.Add(new NpgsqlParameter { Value = differences });
        command.Parameters.Add(new NpgsqlParameter { Value = tables.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = differingTables.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// For each of <paramref name="tables"/>, the latest finished verify of <paramref name="targetSchema"/> that
    /// compared it, whether a full run or one limited with --tables: a table is reported when that run found it
    /// different. A clean run of other tables hides nothing; a table never verified is simply not listed.
    /// </summary>
    public static async Task<IReadOnlyList<VerifyOutcome>> LatestOutcomesAsync(
        NpgsqlConnection connection, string targetSchema, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        await using (var exists = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('godwit.verify_runs') AND attname = 'differing_tables')", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return [];
            }
        }

        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT ON (t.name) t.name, r.mode, t.name = ANY (r.differing_tables), r.finished_at "
            + "FROM unnest($2::text[]) AS t(name) JOIN godwit.verify_runs r ON t.name = ANY (r.tables) "
            + "WHERE r.target_schema = $1 AND r.finished_at IS NOT NULL AND r.differing_tables IS NOT NULL "
            + "ORDER BY t.name, r.finished_at DESC",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = targetSchema });
        command.Parameters.Add(new NpgsqlParameter { Value = tables.ToArray() });
        var outcomes = new List<VerifyOutcome>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            outcomes.Add(new VerifyOutcome(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return outcomes;
    }

    public async Task FinishAsync(string runId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("UPDATE godwit.verify_runs SET finished_at = now() WHERE run_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
