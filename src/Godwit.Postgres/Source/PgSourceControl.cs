using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Verify;
using Godwit.Postgres.Verify;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// What a cutover needs of a PostgreSQL source: the write freeze (<see cref="PgWriteFreeze"/>) on every table of the
/// migrated schemas, the WAL head to drain to, and the sequences' values to move the target's past.
/// </summary>
internal sealed class PgSourceControl(ConnectionUri uri, PgSourceSchemas migrated, Action<string> log) : ISourceControl
{
    private const string LockNotAvailable = "55P03";

    /// <summary>SQLSTATE 40P01: the freeze's transaction was chosen to break a lock cycle with a writer's transaction.</summary>
    private const string DeadlockDetected = "40P01";
    private readonly string _label = migrated.Label;
    private NpgsqlConnection? _lock;
    private IReadOnlyList<PgTableName> _tables = [];
    private IReadOnlyList<string>? _schemas;

    public bool IsFrozen { get; private set; }

    public int Killed { get; private set; }

    public Task<string> DescribeFreezeAsync(CancellationToken cancellationToken) => Task.FromResult(
        $"a trigger on every table of {Described()} refusing INSERT, UPDATE, DELETE and TRUNCATE for every session (enabled ALWAYS), "
        + "made once the writes in flight have committed");

    public async Task<bool> TryLockServerAsync(CancellationToken cancellationToken)
    {
        _lock ??= await PgConnectionFactory.OpenAsync(uri, pooled: false, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('godwit-cutover/' || current_database() || '/' || $1))", _lock);
        command.Parameters.Add(new NpgsqlParameter { Value = _label });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<bool> IsReadOnlyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        foreach (var one in await SchemasAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            if (await PgWriteFreeze.ExistsAsync(connection, one, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Making the triggers needs CREATE on the schema, and ALTER TABLE … ENABLE ALWAYS needs each table's ownership.</summary>
    public async Task<IReadOnlyList<string>> FreezeProblemsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT 'ownership of ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname)
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY($1) AND c.relkind = 'r' AND NOT pg_has_role(c.relowner, 'USAGE')
            UNION ALL
            SELECT 'CREATE on schema ' || quote_ident(s) FROM unnest($1::text[]) s WHERE NOT has_schema_privilege(s, 'CREATE')
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (await SchemasAsync(connection, cancellationToken).ConfigureAwait(false)).ToArray() });
        var problems = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            problems.Add(reader.GetString(0));
        }

        return problems;
    }

    /// <summary>
    /// Makes the freeze triggers in one transaction. Each CREATE TRIGGER waits for the table's writers in flight; one
    /// that holds it past <paramref name="grace"/> (lock_timeout) is ended and the transaction tried again, until
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task FreezeAsync(TimeSpan grace, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        await using var connection = await PgConnectionFactory.OpenAsync(uri, pooled: false, cancellationToken).ConfigureAwait(false);
        _tables = await TablesAsync(connection, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var ms = Math.Max(1, (int)grace.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                await ExecuteAsync(connection, transaction, $"SET LOCAL lock_timeout = {ms}", cancellationToken).ConfigureAwait(false);
                foreach (var group in _tables.GroupBy(t => t.Schema, StringComparer.Ordinal))
                {
                    foreach (var sql in PgWriteFreeze.FreezeSql(group.Key, group.Select(t => t.Name)))
                    {
                        await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                IsFrozen = true;
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == DeadlockDetected && DateTimeOffset.UtcNow < deadline)
            {
                // The triggers lock the tables one by one while the application's transactions write several of them
                // (a payment, then its booking): a lock cycle, which PostgreSQL breaks by failing one side, here the
                // freeze. Nothing was made (one transaction); the writer goes on, and the freeze is tried again.
                log($"godwit: cutover: the freeze of {_label} met a writer in a lock cycle (deadlock detected); trying again");
            }
            catch (PostgresException ex) when (ex.SqlState == LockNotAvailable)
            {
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    throw new CutoverAbortedException(
                        $"writes to {_label} did not stop within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: sessions kept taking the tables' locks "
                        + $"({Killed} ended so far); nothing was frozen.");
                }

                var ended = await EndWritersAsync(connection, cancellationToken).ConfigureAwait(false);
                Killed += ended;
                log($"godwit: cutover: ended {ended} session(s) that held writes on {_label} past the {grace.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s grace");
            }
        }
    }

    public async Task<StreamPosition> HeadAsync(CancellationToken cancellationToken) =>
        PgLsnCodec.FromLsn(await PgStreamSource.WalHeadAsync(uri, cancellationToken).ConfigureAwait(false));

    public Task<string?> TransactionStateAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task EnsureEveryWriterStoppedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        var frozen = 0;
        foreach (var group in _tables.GroupBy(t => t.Schema, StringComparer.Ordinal))
        {
            frozen += await PgWriteFreeze.FrozenTablesAsync(connection, group.Key, [.. group.Select(t => t.Name)], cancellationToken).ConfigureAwait(false);
        }

        if (frozen != _tables.Count)
        {
            throw new CutoverAbortedException(
                $"the write freeze of {_label} was lost: {_tables.Count - frozen} of {_tables.Count} tables no longer carry its enabled triggers (someone dropped or disabled them).");
        }
    }

    /// <summary>Writes are refused, not held: nothing waits, so nothing is ended. The source stays frozen after the switch.</summary>
    public Task<int> ReleaseAfterSwitchAsync(TimeSpan hold, CancellationToken cancellationToken) => Task.FromResult(0);

    public async Task UnfreezeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ForceUnfreezeAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt < 30 && ex is NpgsqlException or PgConnectException)
            {
                log($"godwit: cutover: could not remove the write freeze yet ({ex.Message}); retrying");
                await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
        }
    }

    public async Task ForceUnfreezeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(uri, pooled: false, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, PgDdlTrigger.Unrecorded, cancellationToken).ConfigureAwait(false);
        foreach (var one in await SchemasAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, null, PgWriteFreeze.UnfreezeSql(one), cancellationToken).ConfigureAwait(false);
        }

        IsFrozen = false;
    }

    /// <summary>For each identity or serial column, the first value its sequence has not handed out (or the highest value + 1, if larger).</summary>
    public async Task<IReadOnlyList<IdentityMark>> IdentityMarksAsync(PgSchemaPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var marks = new List<IdentityMark>();
        await using var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        foreach (var table in plan.Tables)
        {
            var qualified = PgIdentifier.Qualify(table.Source.Schema, table.Source.Name);
            foreach (var column in table.Columns.Where(c => c.IsIdentity))
            {
                var name = PgIdentifier.Quote(column.Source.Name);
                await using var command = new NpgsqlCommand(
                    $"""
                    SELECT greatest(
                             (SELECT max({name}) FROM ONLY {qualified})::numeric + 1,
                             (SELECT CASE WHEN s.last_value IS NULL THEN s.start_value ELSE s.last_value + s.increment_by END
                                FROM pg_catalog.pg_sequences s
                               WHERE quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename) = pg_get_serial_sequence($1, $2)),
                             1)
                    """,
                    connection);
                command.Parameters.Add(new NpgsqlParameter { Value = qualified });
                command.Parameters.Add(new NpgsqlParameter { Value = column.Source.Name });
                var next = Convert.ToDecimal(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                marks.Add(new IdentityMark(table, column.Name, next));
            }
        }

        return marks;
    }

    /// <summary>The migrated schemas' sequences no column owns, each with the next value it would hand out on the source.</summary>
    public async Task<IReadOnlyList<SequenceMark>> SequenceMarksAsync(PgSchemaPlan plan, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT s.sequencename::text, CASE WHEN s.last_value IS NULL THEN s.start_value ELSE s.last_value + s.increment_by END::numeric, s.schemaname::text
              FROM pg_catalog.pg_sequences s
             WHERE s.schemaname = ANY($1)
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
                                  AND d.objid = (quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename))::regclass)
             ORDER BY 3, 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (await SchemasAsync(connection, cancellationToken).ConfigureAwait(false)).ToArray() });
        var marks = new List<SequenceMark>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            marks.Add(new SequenceMark(reader.GetString(2), reader.GetString(0), reader.GetDecimal(1)));
        }

        return marks;
    }

    public IVerifyEndpoint VerifyEndpoint() => new PgVerifyEndpoint(uri);

    public async ValueTask DisposeAsync()
    {
        if (_lock is { } held)
        {
            _lock = null;
            await held.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<PgTableName>> TablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY($1) AND c.relkind = 'r' ORDER BY 1, 2",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (await SchemasAsync(connection, cancellationToken).ConfigureAwait(false)).ToArray() });
        var tables = new List<PgTableName>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables.Add(new PgTableName(reader.GetString(0), reader.GetString(1)));
        }

        return tables;
    }

    /// <summary>The migrated schemas, read once (every non-system schema, unless the URI names them).</summary>
    private async Task<IReadOnlyList<string>> SchemasAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        _schemas ??= await migrated.ResolveAsync(connection, cancellationToken).ConfigureAwait(false);

    private string Described() => migrated.Single is { } one ? $"schema {one}" : _schemas is { } known ? $"schemas {string.Join(", ", known)}" : $"every schema of {_label}";

    /// <summary>Ends the other sessions holding a lock that blocks the freeze (a writer's, or autovacuum's) on a table of the schema.</summary>
    private async Task<int> EndWritersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT count(pg_terminate_backend(pid))::int FROM (
              SELECT DISTINCT l.pid FROM pg_catalog.pg_locks l
                JOIN pg_catalog.pg_class c ON c.oid = l.relation JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = ANY($1) AND l.granted AND l.pid <> pg_backend_pid()
                 AND l.mode IN ('RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')) w
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (await SchemasAsync(connection, cancellationToken).ConfigureAwait(false)).ToArray() });
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
