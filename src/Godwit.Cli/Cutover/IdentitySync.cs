using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.MySql;
using Godwit.Postgres;
using Npgsql;

namespace Godwit.Cli.Cutover;

/// <summary>
/// Moves every identity on the target past what the (frozen) source has handed out: the larger of the source's
/// AUTO_INCREMENT and its highest value plus one, plus an optional gap, and never below the target's own highest
/// value (<see cref="PgDdlGenerator.IdentityRestartSql"/>). After the switch the application's inserts on the
/// target then never reuse a key the source issued.
/// </summary>
public static class IdentitySync
{
    public static async Task<IReadOnlyList<string>> RunAsync(
        MySqlConnection source, ConnectionUri target, PgSchemaPlan plan, long gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);
        var done = new List<string>();
        await using var pg = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        foreach (var table in plan.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.IsIdentity))
            {
                var sourceTable = MySqlIdentifier.Quote(table.Source.Schema) + "." + MySqlIdentifier.Quote(table.Source.Name);
                var max = await source.ScalarAsync<string>(
                    $"SELECT CAST(MAX({MySqlIdentifier.Quote(column.Source.Name)}) AS CHAR) FROM {sourceTable}", cancellationToken);
                var next = max is null ? 1m : decimal.Parse(max, NumberStyles.Integer, CultureInfo.InvariantCulture) + 1;
                if (table.Source.AutoIncrement is { } ai && ai > next)
                {
                    next = ai;
                }

                next += gap;
                var start = next >= ulong.MaxValue ? ulong.MaxValue : (ulong)next;
                await using var command = new NpgsqlCommand(PgDdlGenerator.IdentityRestartSql(table.QualifiedName, column.Name, start), pg);
                await command.ExecuteNonQueryAsync(cancellationToken);
                done.Add(string.Create(CultureInfo.InvariantCulture, $"{table.QualifiedName}.{column.Name} ≥ {start}"));
            }
        }

        return done;
    }
}
