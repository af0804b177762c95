using System.Globalization;
using Godwit.Core.Assessment;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Introspection;

/// <summary>Gathers what <c>godwit assess</c> checks on the source: variables, grants, zero-date counts.</summary>
public static class MySqlSourceFacts
{
    private static readonly string[] VariableNames =
    [
        "log_bin", "binlog_format", "binlog_row_image", "binlog_row_value_options", "binlog_row_metadata", "server_id", "gtid_mode", "enforce_gtid_consistency",
        "gtid_domain_id", "gtid_strict_mode", "expire_logs_days", "binlog_expire_logs_seconds", "sql_mode", "time_zone", "system_time_zone",
        "lower_case_table_names", "character_set_server",
    ];

    public static async Task<SourceFacts> GatherAsync(MySqlConnection connection, SourceDatabase database, bool countZeroDates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(database);
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var r = await connection.QueryAsync("SHOW GLOBAL VARIABLES", cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var name = r.GetString(0);
                if (VariableNames.Contains(name, StringComparer.OrdinalIgnoreCase) && !r.IsDBNull(1))
                {
                    variables[name.ToLowerInvariant()] = r.GetString(1);
                }
            }
        }

        var grants = new List<string>();
        await using (var r = await connection.QueryAsync("SHOW GRANTS", cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                grants.Add(r.GetString(0));
            }
        }

        var zero = countZeroDates ? await CountZeroDatesAsync(connection, database, cancellationToken) : new Dictionary<(string, string), long>();
        var enums = countZeroDates ? await CountInvalidEnumsAsync(connection, database, cancellationToken) : new Dictionary<(string, string), long>();
        var v = connection.ServerVersion;
        return new SourceFacts
        {
            IsMariaDb = v.IsMariaDb,
            Version = v.Original,
            Major = v.Major,
            Minor = v.Minor,
            Variables = variables,
            Grants = GrantSet.Parse(grants),
            ZeroDates = zero,
            InvalidEnums = enums,
        };
    }

    /// <summary>
    /// Counts rows holding zero or partly zero dates per date/datetime/timestamp column: one scan per table.
    /// The session's sql_mode is cleared first: with NO_ZERO_DATE / NO_ZERO_IN_DATE the comparisons would
    /// warn or fail instead of counting.
    /// </summary>
    public static async Task<Dictionary<(string Table, string Column), long>> CountZeroDatesAsync(MySqlConnection connection, SourceDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(database);
        var result = new Dictionary<(string, string), long>();
        await connection.ExecuteAsync("SET SESSION sql_mode = ''", cancellationToken);
        foreach (var t in database.Tables)
        {
            var dates = t.Columns.Where(c => c.Type.Family is MySqlTypeFamily.Date or MySqlTypeFamily.DateTime or MySqlTypeFamily.Timestamp).ToList();
            if (dates.Count == 0)
            {
                continue;
            }

            var sums = dates.Select(c =>
            {
                var q = MySqlIdentifier.Quote(c.Name);
                return $"COALESCE(SUM(YEAR({q}) = 0 OR MONTH({q}) = 0 OR DAYOFMONTH({q}) = 0), 0)";
            });
            var sql = $"SELECT {string.Join(", ", sums)} FROM {MySqlIdentifier.Quote(database.Name)}.{MySqlIdentifier.Quote(t.Name)}";
            await using var r = await connection.QueryAsync(sql, cancellationToken);
            if (await r.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < dates.Count; i++)
                {
                    var n = r.IsDBNull(i) ? 0 : long.Parse(r.GetString(i), NumberStyles.Integer, CultureInfo.InvariantCulture);
                    if (n > 0)
                    {
                        result[(t.Name, dates[i].Name)] = n;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Counts rows holding the empty "error" value of an ENUM (index 0, which a non-strict sql_mode stores for an
    /// invalid value): it is not one of the labels, so a CHECK or a PostgreSQL enum would reject it.
    /// </summary>
    public static async Task<Dictionary<(string Table, string Column), long>> CountInvalidEnumsAsync(MySqlConnection connection, SourceDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(database);
        var result = new Dictionary<(string, string), long>();
        foreach (var t in database.Tables)
        {
            var enums = t.Columns.Where(c => c.Type.Family == MySqlTypeFamily.Enum && !c.Type.Labels.Contains(string.Empty)).ToList();
            if (enums.Count == 0)
            {
                continue;
            }

            var sums = enums.Select(c => $"COALESCE(SUM({MySqlIdentifier.Quote(c.Name)} + 0 = 0), 0)");
            var sql = $"SELECT {string.Join(", ", sums)} FROM {MySqlIdentifier.Quote(database.Name)}.{MySqlIdentifier.Quote(t.Name)}";
            await using var r = await connection.QueryAsync(sql, cancellationToken);
            if (await r.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < enums.Count; i++)
                {
                    var n = r.IsDBNull(i) ? 0 : long.Parse(r.GetString(i), NumberStyles.Integer, CultureInfo.InvariantCulture);
                    if (n > 0)
                    {
                        result[(t.Name, enums[i].Name)] = n;
                    }
                }
            }
        }

        return result;
    }
}
