using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Tenants;
using Npgsql;

namespace Godwit.Postgres.Tenants;

/// <summary>
/// One schema of a PostgreSQL database as a tenant move's source (also a MySQL → PostgreSQL move's target read back
/// by <c>tenant rollback</c>): keys, counts, id ranges, the purge's batches, and the tenant's freeze
/// (<see cref="PgTenantFreeze"/>). The tenant's values travel as parameters (text), compared with the columns as text.
/// </summary>
public sealed class PgTenantSource : ITenantSource
{
    private readonly ConnectionUri _uri;
    private readonly string _schema;
    private readonly Func<CancellationToken, Task<SourceDatabase>> _introspect;
    private SourceDatabase? _db;

    public PgTenantSource(ConnectionUri uri, string schema, Func<CancellationToken, Task<SourceDatabase>> introspect)
    {
        _uri = uri ?? throw new ArgumentNullException(nameof(uri));
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _introspect = introspect ?? throw new ArgumentNullException(nameof(introspect));
    }

    /// <summary>pgoutput sends a DELETE's old row (and an UPDATE's that kept its key) as the key alone unless REPLICA IDENTITY FULL.</summary>
    public bool KeyOnlyOldRows => true;

    public async Task<IReadOnlyList<string>> KeysAsync(string table, IReadOnlyList<string> columns, RowFilter? filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var source = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        var where = Where(filter, values);
        var list = string.Join(", ", columns.Select(c => PgIdentifier.Quote(source.Column(c).Name) + "::text"));
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await using var command = Command($"SELECT {list} FROM {Qualified(source)}{where}", connection, values);
        return await PgTenantKeys.ReadAsync(command, columns.Count, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(string table, RowFilter? filter, CancellationToken cancellationToken)
    {
        var source = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        var where = Where(filter, values);
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await using var command = Command($"SELECT count(*) FROM {Qualified(source)}{where}", connection, values);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task FreezeAsync(string tenant, IReadOnlyDictionary<string, RowFilter> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(filters);
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        foreach (var (table, filter) in filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var source = await TableAsync(table, cancellationToken).ConfigureAwait(false);
            var literals = await QuoteAsync(connection, filter.Values, cancellationToken).ConfigureAwait(false);

            // One transaction per table, as MySQL's triggers are made one by one: CREATE TRIGGER takes the table's SHARE
            // ROW EXCLUSIVE lock, so it waits for the transactions that wrote to it to end, and every later write of the
            // tenant there is refused. Locking every table in one transaction would deadlock with an application
            // transaction that writes them in another order.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sql in PgTenantFreeze.FreezeSql(tenant, source.Schema, source.Name, filter, literals))
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> UnfreezeAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var removed = (await FreezeTriggersAsync(tenant, cancellationToken).ConfigureAwait(false)).Count;
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        var functions = new List<string>();
        await using (var find = new NpgsqlCommand(
            "SELECT p.proname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND starts_with(p.proname, $2) ORDER BY 1",
            connection))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = _schema });
            find.Parameters.Add(new NpgsqlParameter { Value = PgTenantFreeze.Prefix(tenant) });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                functions.Add(reader.GetString(0));
            }
        }

        foreach (var function in functions)
        {
            // CASCADE takes the function's triggers; each table's lock is held only for its own drop.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var unrecorded = new NpgsqlCommand(Source.PgDdlTrigger.UnrecordedLocal, connection, transaction))
            {
                await unrecorded.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var drop = new NpgsqlCommand($"DROP FUNCTION IF EXISTS {PgIdentifier.Qualify(_schema, function)}() CASCADE", connection, transaction))
            {
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    public async Task<IReadOnlyList<string>> FreezeTriggersAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT t.tgname::text FROM pg_catalog.pg_trigger t
              JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND starts_with(t.tgname::text, $2) AND NOT t.tgisinternal
             ORDER BY 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = _schema });
        command.Parameters.Add(new NpgsqlParameter { Value = PgTenantFreeze.Prefix(tenant) });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public async Task<TenantIdRange> IdRangeAsync(string table, string column, RowFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var source = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        var id = PgIdentifier.Quote(source.Column(column).Name);
        var values = new List<string>();
        var where = Where(filter, values);
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        long? tenantMin = null, tenantMax = null;
        await using (var command = Command($"SELECT min({id})::bigint, max({id})::bigint FROM {Qualified(source)}{where}", connection, values))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0))
            {
                tenantMin = reader.GetInt64(0);
                tenantMax = reader.GetInt64(1);
            }
        }

        // The highest id handed out to anyone: the table's largest, or its identity's (serial's) sequence, whichever is higher.
        await using var highest = new NpgsqlCommand(
            $"""
            SELECT GREATEST(
              (SELECT COALESCE(max({id}), 0)::bigint FROM {Qualified(source)}),
              (SELECT COALESCE(s.last_value, 0) FROM pg_catalog.pg_sequences s
                WHERE format('%I.%I', s.schemaname, s.sequencename)::regclass = pg_catalog.pg_get_serial_sequence($1, $2)::regclass))
            """,
            connection);
        highest.Parameters.Add(new NpgsqlParameter { Value = Qualified(source) });
        highest.Parameters.Add(new NpgsqlParameter { Value = source.Column(column).Name });
        var max = (long)(await highest.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return new TenantIdRange(tenantMin, tenantMax, max);
    }

    public async Task<long> DeleteBatchAsync(string table, RowFilter filter, int batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var source = await TableAsync(table, cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        var where = Where(filter, values);

        // The batch's rows by their physical address read without a lock, then deleted with the predicate checked
        // again: a row another session updated since has a new address (and a row that left the tenant fails the
        // recheck), so only the tenant's rows go, locked one by one, never a range other tenants insert into. With
        // the table's oid too, since a partitioned table's partitions share addresses. Works for keyless tables too.
        var sql = string.Create(
            CultureInfo.InvariantCulture,
            $"DELETE FROM {Qualified(source)} WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM {Qualified(source)}{where} LIMIT {batch}) AND {where[" WHERE ".Length..]}");
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await using var command = Command(sql, connection, values);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The slots named for the stream (<see cref="Source.PgSlotNames"/>: its folded name and a hash of its key, which
    /// also names the stream's target, so the name alone is matched): whether a reader holds each, and the WAL it keeps.
    /// </summary>
    public async Task<IReadOnlyList<Core.Providers.SourceReader>> SlotsAsync(string stream, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var any = Source.PgSlotNames.For("any/" + stream);
        var pattern = "^" + any[..^8] + "[0-9a-f]{8}$";
        await using var connection = await PgConnectionFactory.OpenAsync(_uri, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT slot_name::text, active, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), restart_lsn)::bigint, wal_status
              FROM pg_catalog.pg_replication_slots WHERE database = current_database() AND slot_name::text ~ $1 ORDER BY 1
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pattern });
        var slots = new List<Core.Providers.SourceReader>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            slots.Add(new Core.Providers.SourceReader(reader.GetString(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return slots;
    }

    /// <summary>The tenant's values as SQL literals, quoted by the server (quote_literal) for the freeze functions' bodies.</summary>
    private static async Task<IReadOnlyList<string>> QuoteAsync(NpgsqlConnection connection, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT quote_literal(v) FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray() });
        var literals = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            literals.Add(reader.GetString(0));
        }

        return literals;
    }

    private string Where(RowFilter? filter, List<string> values) =>
        filter is null ? string.Empty : " WHERE " + TenantConditionSql.Build(filter, _schema, PgIdentifier.Quote, i => "$" + i.ToString(CultureInfo.InvariantCulture), c => c + "::text", values);

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, List<string> values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var v in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = v });
        }

        return command;
    }

    private static string Qualified(SourceTable table) => PgIdentifier.Qualify(table.Schema, table.Name);

    private async Task<SourceTable> TableAsync(string table, CancellationToken cancellationToken)
    {
        _db ??= await _introspect(cancellationToken).ConfigureAwait(false);
        return _db.FindTable(table) ?? throw new InvalidOperationException($"schema {_schema} has no table '{table}'");
    }
}
