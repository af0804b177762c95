using System.Globalization;
using Godwit.Core.Copy;
using Godwit.Core.Schema;
using Godwit.Core.Tenants;
using Godwit.MySql;
using Godwit.Providers.MySql.Snapshot;

namespace Godwit.Providers.MySql.Tenants;

/// <summary>MySQL/MariaDB as a tenant move's source: keys, counts, the tenant's freeze triggers, the purge's batches.</summary>
public sealed class MySqlTenantSource : ITenantSource
{
    /// <summary>ER_SPECIFIC_ACCESS_DENIED_ERROR: setting sql_log_bin needs SUPER (BINLOG ADMIN on MariaDB).</summary>
    private const int ErrorSpecificAccessDenied = 1227;

    private readonly MySqlConnectionSettings _settings;
    private readonly string _database;
    private readonly Func<CancellationToken, Task<SourceDatabase>> _introspect;
    private SourceDatabase? _db;

    public MySqlTenantSource(MySqlConnectionSettings settings, Func<CancellationToken, Task<SourceDatabase>> introspect)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _database = settings.Database ?? throw new ArgumentException("the source must name the database", nameof(settings));
        _introspect = introspect ?? throw new ArgumentNullException(nameof(introspect));
    }

    public Task<IReadOnlyList<string>> KeysAsync(string table, IReadOnlyList<string> columns, RowFilter? filter, CancellationToken cancellationToken) =>
        KeysAsync(table, columns, filter, null, cancellationToken);

    private async Task<IReadOnlyList<string>> KeysAsync(string table, IReadOnlyList<string> columns, RowFilter? filter, int? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var source = await TableAsync(table, cancellationToken);
        var list = string.Join(", ", columns.Select(c => $"CAST({MySqlCopySource.Ident(source.Column(c).Name)} AS CHAR)"));
        await using var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        await using var reader = await connection.QueryAsync($"SELECT {list} FROM {MySqlCopySource.QualifiedName(source)}{(filter is null ? string.Empty : " WHERE " + MySqlCopySource.Kept(source, filter))}{(limit is { } n ? string.Create(CultureInfo.InvariantCulture, $" LIMIT {n}") : string.Empty)}", cancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enumerable.Range(0, columns.Count).Any(reader.IsDBNull))
            {
                continue;
            }

            keys.Add(TenantChangeFilter.JoinKey(Enumerable.Range(0, columns.Count).Select(reader.GetString)));
        }

        return keys;
    }

    public async Task<long> CountAsync(string table, RowFilter? filter, CancellationToken cancellationToken)
    {
        var source = await TableAsync(table, cancellationToken);
        var where = filter is null ? string.Empty : " WHERE " + MySqlCopySource.Kept(source, filter);
        await using var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        return await connection.ScalarAsync<long>($"SELECT COUNT(*) FROM {MySqlCopySource.QualifiedName(source)}{where}", cancellationToken);
    }

    public async Task FreezeAsync(string tenant, IReadOnlyDictionary<string, RowFilter> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        await using var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        await KeepOutOfBinlogAsync(connection, cancellationToken);
        foreach (var (table, filter) in filters.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var source = await TableAsync(table, cancellationToken);
            foreach (var (name, create) in MySqlTenantFreeze.Triggers(tenant, source, filter))
            {
                // Each CREATE TRIGGER waits for the metadata lock of the table: transactions that wrote to it before
                // are finished when it returns, and every later write of the tenant is refused.
                await connection.ExecuteAsync($"DROP TRIGGER IF EXISTS {MySqlCopySource.Ident(_database)}.{MySqlCopySource.Ident(name)}", cancellationToken);
                await connection.ExecuteAsync(create, cancellationToken);
            }
        }
    }

    public async Task<int> UnfreezeAsync(string tenant, CancellationToken cancellationToken)
    {
        var names = await FreezeTriggersAsync(tenant, cancellationToken);
        await using var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        await KeepOutOfBinlogAsync(connection, cancellationToken);
        foreach (var name in names)
        {
            await connection.ExecuteAsync($"DROP TRIGGER IF EXISTS {MySqlCopySource.Ident(_database)}.{MySqlCopySource.Ident(name)}", cancellationToken);
        }

        return names.Count;
    }

    public async Task<IReadOnlyList<string>> FreezeTriggersAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        await using var statement = await connection.PrepareAsync(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND LEFT(TRIGGER_NAME, ?) = ? ORDER BY TRIGGER_NAME", cancellationToken);
        await using var reader = await statement.QueryAsync([_database, (long)MySqlTenantFreeze.Prefix(tenant).Length, MySqlTenantFreeze.Prefix(tenant)], cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public async Task<TenantIdRange> IdRangeAsync(string table, string column, RowFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var source = await TableAsync(table, cancellationToken);
        var id = MySqlCopySource.Ident(source.Column(column).Name);
        await using var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        long? tenantMin = null, tenantMax = null;
        await using (var reader = await connection.QueryAsync($"SELECT CAST(MIN({id}) AS CHAR), CAST(MAX({id}) AS CHAR) FROM {MySqlCopySource.QualifiedName(source)} WHERE {MySqlCopySource.Kept(source, filter)}", cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            {
                tenantMin = long.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
                tenantMax = long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            }
        }

        var max = await connection.ScalarAsync<string>($"SELECT CAST(COALESCE(MAX({id}), 0) AS CHAR) FROM {MySqlCopySource.QualifiedName(source)}", cancellationToken);
        await using var statement = await connection.PrepareAsync("SELECT CAST(COALESCE(AUTO_INCREMENT, 1) AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", cancellationToken);
        await using var counter = await statement.QueryAsync([source.Schema, source.Name], cancellationToken);
        var next = await counter.ReadAsync(cancellationToken) ? long.Parse(counter.GetString(0), CultureInfo.InvariantCulture) : 1;
        return new TenantIdRange(tenantMin, tenantMax, Math.Max(next - 1, long.Parse(max!, CultureInfo.InvariantCulture)));
    }

    public async Task<long> DeleteBatchAsync(string table, RowFilter filter, int batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var source = await TableAsync(table, cancellationToken);
        await using var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        var key = source.PrimaryKey?.Parts.Select(p => p.Column).ToList();
        if (key is null || key.Count == 0 || key.Any(c => c is null))
        {
            var all = string.Create(CultureInfo.InvariantCulture, $"DELETE FROM {MySqlCopySource.QualifiedName(source)} WHERE {MySqlCopySource.Kept(source, filter)} LIMIT {batch}");
            return (await connection.ExecuteAsync(all, cancellationToken)).AffectedRows;
        }

        // The batch's keys by a plain (non-locking) read, then a delete by primary key: the delete locks those rows
        // only, never the ranges of the tenant column's index other tenants insert into.
        var columns = key.Select(c => source.Column(c!)).ToList();
        var keys = await KeysAsync(table, [.. columns.Select(c => c.Name)], filter, batch, cancellationToken);
        if (keys.Count == 0)
        {
            return 0;
        }

        var tuple = string.Join(", ", columns.Select(c => MySqlCopySource.Ident(c.Name)));
        var list = string.Join(", ", keys.Select(k => "(" + string.Join(", ", TenantKeys.Split(k).Select((v, i) => MySqlCopySource.Literal(columns[i], System.Text.Encoding.UTF8.GetBytes(v)))) + ")"));
        var recheck = filter.Path.Count == 0 ? " AND " + MySqlCopySource.Kept(source, filter) : string.Empty;
        var sql = $"DELETE FROM {MySqlCopySource.QualifiedName(source)} WHERE ({tuple}) IN ({list}){recheck}";
        return (await connection.ExecuteAsync(sql, cancellationToken)).AffectedRows;
    }

    /// <summary>
    /// The freeze's triggers are the source's own business: kept out of the binlog, so that no stream (this tenant's,
    /// another tenant's, a whole migration's) copies them to its target as DDL.
    /// </summary>
    private static async Task KeepOutOfBinlogAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync("SET SESSION sql_log_bin = 0", cancellationToken);
        }
        catch (MySqlException ex) when (ex.ErrorCode == ErrorSpecificAccessDenied)
        {
            throw new InvalidOperationException(
                "the tenant freeze's triggers are made with sql_log_bin = 0 (so that no stream copies them to a target), which needs SUPER or BINLOG ADMIN: "
                + ex.Message, ex);
        }
    }

    private async Task<SourceTable> TableAsync(string table, CancellationToken cancellationToken)
    {
        _db ??= await _introspect(cancellationToken);
        return _db.FindTable(table) ?? throw new InvalidOperationException($"{_database} has no table '{table}'");
    }
}
