using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Verify;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Verify;

/// <summary>
/// The MySQL/MariaDB side of <c>godwit verify</c>. Sessions run in UTC with utf8mb4 and a permissive sql_mode,
/// exactly like the copy's, so TIMESTAMP values and zero dates read the same. Connections are kept for the
/// run (not pooled through <see cref="MySqlConnectionPool"/>, whose reset would drop the session settings).
/// </summary>
public sealed class MySqlVerifyEndpoint : IVerifyEndpoint
{
    private const string SessionSetup = "SET SESSION time_zone = '+00:00', NAMES utf8mb4, SESSION sql_mode = '', SESSION net_write_timeout = 3600";
    private readonly MySqlConnectionSettings _settings;
    private readonly bool _targetSide;
    private readonly Stack<MySqlConnection> _idle = new();
    private readonly Lock _gate = new();

    /// <param name="settings">Where to connect.</param>
    /// <param name="targetSide">The endpoint reads the target's tables (a MySQL → MySQL migration): each table under its target database and name.</param>
    public MySqlVerifyEndpoint(MySqlConnectionSettings settings, bool targetSide = false)
    {
        _settings = settings;
        _targetSide = targetSide;
    }

    public async Task<long> CountAsync(VerifyTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        return await WithConnectionAsync(cancellationToken, c => c.ScalarAsync<long>($"SELECT COUNT(*) FROM {From(table)}{Where(table, null)}", cancellationToken));
    }

    public async Task<KeyRange?> KeyBoundsAsync(VerifyTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = MySqlIdentifier.Quote(table.Columns[table.KeyOrdinals[0]].Source.Name);
        return await WithConnectionAsync(cancellationToken, async c =>
        {
            await using var reader = await c.QueryAsync($"SELECT MIN({k}), MAX({k}) FROM {From(table)}{Where(table, null)}", cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return reader.IsDBNull(0) ? (KeyRange?)null : new KeyRange(reader.GetInt64(0), reader.GetInt64(1));
        });
    }

    public async Task<ChunkDigest> DigestAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var hash = MySqlCanonicalSql.RowHash(columns.Select(i => table.Columns[i]));
        var sql = $"SELECT COUNT(*), CAST(COALESCE(SUM({hash}), 0) AS CHAR) FROM {From(table)}{Where(table, range)}";
        return await WithConnectionAsync(cancellationToken, async c =>
        {
            await using var reader = await c.QueryAsync(sql, cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var sum = BigInteger.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            return new ChunkDigest(reader.GetInt64(0), (ulong)(sum & ulong.MaxValue));
        });
    }

    public async IAsyncEnumerable<VerifyRow> ReadRowsAsync(
        VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var keyParts = KeySelect(table);
        // A FLOAT is read widened to DOUBLE, as the copy reads it: its own text keeps 6 significant digits only.
        var select = keyParts.Concat(columns.Select(i => table.Columns[i].Source.Type.Family == MySqlTypeFamily.Float
            ? $"CAST({MySqlIdentifier.Quote(table.Columns[i].Source.Name)} AS DOUBLE)"
            : MySqlIdentifier.Quote(table.Columns[i].Source.Name)));
        var sql = new StringBuilder($"SELECT {string.Join(", ", select)} FROM {From(table)}{Where(table, range)}");
        if (table.HasKey)
        {
            sql.Append(" ORDER BY ").Append(table.IsIntegerKeyed
                ? MySqlIdentifier.Quote(table.Columns[table.KeyOrdinals[0]].Source.Name)
                : string.Join(", ", Enumerable.Range(1, keyParts.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))));
        }

        var casts = columns.Select(i => table.Columns[i].Cast).ToArray();
        var connection = await RentAsync(cancellationToken);
        var healthy = false;
        try
        {
            await using (var reader = await connection.QueryAsync(sql.ToString(), cancellationToken))
            {
                var first = keyParts.Count;
                while (await reader.ReadAsync(cancellationToken))
                {
                    var values = new string?[casts.Length];
                    for (var i = 0; i < casts.Length; i++)
                    {
                        values[i] = reader.IsDBNull(first + i) ? null : CanonicalValue.FromSource(casts[i], reader.GetRawBytes(first + i));
                    }

                    yield return new VerifyRow(Key(table, reader, first), values);
                }
            }

            healthy = true;
        }
        finally
        {
            await ReturnAsync(connection, healthy);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<MySqlConnection> all;
        lock (_gate)
        {
            all = [.. _idle];
            _idle.Clear();
        }

        foreach (var c in all)
        {
            await c.DisposeAsync();
        }
    }

    private static RowKey Key(VerifyTable table, MySqlDataReader reader, int parts)
    {
        if (table.IsIntegerKeyed)
        {
            return RowKey.Of(reader.GetInt64(0));
        }

        if (!table.HasKey)
        {
            return default;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            if (i > 0)
            {
                sb.Append('\0');
            }

            sb.Append(Encoding.UTF8.GetString(reader.GetRawBytes(i)));
        }

        return RowKey.Of(sb.ToString());
    }

    /// <summary>The key as both sides sort it: the integer itself, or each part's canonical text in binary (code point) order.</summary>
    private static List<string> KeySelect(VerifyTable table)
    {
        if (table.IsIntegerKeyed)
        {
            return [MySqlIdentifier.Quote(table.Columns[table.KeyOrdinals[0]].Source.Name)];
        }

        return [.. table.KeyOrdinals.Select(i => $"CONVERT({MySqlCanonicalSql.Expression(table.Columns[i])} USING utf8mb4) COLLATE utf8mb4_bin")];
    }

    private string From(VerifyTable table) =>
        _targetSide
            ? MySqlIdentifier.Quote(table.Mapping.Schema) + "." + MySqlIdentifier.Quote(table.Mapping.Name)
            : MySqlIdentifier.Quote(table.Source.Schema) + "." + MySqlIdentifier.Quote(table.Source.Name);

    private string Where(VerifyTable table, KeyRange? range)
    {
        var conditions = new List<string>();
        if (range is { } r)
        {
            conditions.Add(string.Create(CultureInfo.InvariantCulture, $"{MySqlIdentifier.Quote(table.Columns[table.KeyOrdinals[0]].Source.Name)} BETWEEN {r.Lo} AND {r.Hi}"));
        }

        if (!_targetSide && table.SourceFilter is { } kept)
        {
            conditions.Add(Snapshot.MySqlCopySource.Kept(table.Source, kept));
        }
        else if (_targetSide && table.TargetFilter is { } filter)
        {
            // The tenant's values as utf8mb4 hex literals compared with the column's text (as a parameter would be):
            // nothing in a value can change the statement.
            var values = new List<string>();
            conditions.Add(Core.Tenants.TenantConditionSql.Build(
                filter,
                table.Mapping.Schema,
                MySqlIdentifier.Quote,
                i => $"CONVERT(X'{Convert.ToHexString(Encoding.UTF8.GetBytes(values[i - 1]))}' USING utf8mb4)",
                c => $"CAST({c} AS CHAR)",
                values));
        }

        return conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
    }

    private async Task<T> WithConnectionAsync<T>(CancellationToken cancellationToken, Func<MySqlConnection, Task<T>> action)
    {
        var connection = await RentAsync(cancellationToken);
        var healthy = false;
        try
        {
            var result = await action(connection);
            healthy = true;
            return result;
        }
        finally
        {
            await ReturnAsync(connection, healthy);
        }
    }

    private async Task<MySqlConnection> RentAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_idle.TryPop(out var idle))
            {
                return idle;
            }
        }

        var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        await connection.ExecuteAsync(SessionSetup, cancellationToken);
        return connection;
    }

    private async ValueTask ReturnAsync(MySqlConnection connection, bool healthy)
    {
        if (healthy && connection.IsUsable)
        {
            lock (_gate)
            {
                _idle.Push(connection);
            }

            return;
        }

        await connection.DisposeAsync();
    }
}
