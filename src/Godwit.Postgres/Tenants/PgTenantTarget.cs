using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Tenants;
using Npgsql;

namespace Godwit.Postgres.Tenants;

/// <summary>PostgreSQL as a tenant move's target: the tenant's row counts and key collisions, values as text parameters.</summary>
public sealed class PgTenantTarget(ConnectionUri target) : ITenantTarget
{
    public async Task<long?> CountAsync(string schema, string table, RowFilter? filter, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        if (!await ExistsAsync(connection, schema, table, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var values = new List<string>();
        var where = filter is null ? string.Empty : " WHERE " + TenantConditionSql.Build(filter, schema, PgIdentifier.Quote, i => "$" + i, c => c + "::text", values);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {PgIdentifier.Qualify(schema, table)}{where}", connection);
        foreach (var v in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = v });
        }

        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<string>> PresentKeysAsync(
        string schema, string table, IReadOnlyList<string> columns, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(keys);
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0 || !await ExistsAsync(connection, schema, table, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        // One text array per key column, unnested side by side: the keys travel as parameters however many there are.
        var arrays = string.Join(", ", columns.Select((_, i) => $"${i + 1}::text[]"));
        var names = string.Join(", ", columns.Select((_, i) => "k" + i));
        var match = string.Join(" AND ", columns.Select((c, i) => $"t.{PgIdentifier.Quote(c)}::text = k.k{i}"));
        var select = string.Join(", ", columns.Select((_, i) => $"k.k{i}"));
        await using var command = new NpgsqlCommand(
            $"SELECT {select} FROM unnest({arrays}) AS k({names}) WHERE EXISTS (SELECT 1 FROM {PgIdentifier.Qualify(schema, table)} t WHERE {match})",
            connection);
        var split = keys.Select(TenantKeys.Split).ToList();
        for (var c = 0; c < columns.Count; c++)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = split.Select(k => k[c]).ToArray() });
        }

        var present = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            present.Add(TenantChangeFilter.JoinKey(Enumerable.Range(0, columns.Count).Select(reader.GetString)));
        }

        return present;
    }

    public async Task<IReadOnlyList<string>> KeysAsync(string schema, string table, IReadOnlyList<string> columns, RowFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        if (!await ExistsAsync(connection, schema, table, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var values = new List<string>();
        var where = TenantConditionSql.Build(filter, schema, PgIdentifier.Quote, i => "$" + i, c => c + "::text", values);
        var list = string.Join(", ", columns.Select(c => PgIdentifier.Quote(c) + "::text"));
        await using var command = new NpgsqlCommand($"SELECT {list} FROM {PgIdentifier.Qualify(schema, table)} WHERE {where}", connection);
        foreach (var v in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = v });
        }

        return await PgTenantKeys.ReadAsync(command, columns.Count, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long?> NextIdAsync(string schema, string table, string column, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        if (!await ExistsAsync(connection, schema, table, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // The identity's (or serial's) sequence: what nextval gives next. An explicit id never moves it.
        await using var command = new NpgsqlCommand(
            $"""
            SELECT CASE WHEN s.last_value IS NULL THEN s.start_value ELSE s.last_value + s.increment_by END
              FROM pg_sequences s
             WHERE format('%I.%I', s.schemaname, s.sequencename)::regclass = pg_get_serial_sequence($1, $2)::regclass
               AND EXISTS (SELECT 1 FROM {PgIdentifier.Qualify(schema, table)})
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = PgIdentifier.Qualify(schema, table) });
        command.Parameters.Add(new NpgsqlParameter { Value = column });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long next ? next : null;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = PgIdentifier.Qualify(schema, table) });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
