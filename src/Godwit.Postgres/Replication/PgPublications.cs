using Godwit.Core.Ddl;
using Npgsql;

namespace Godwit.Postgres.Replication;

/// <summary>Creates and drops the publication a migration streams from.</summary>
public static class PgPublications
{
    /// <summary>
    /// Creates a publication of the given tables. <paramref name="viaPartitionRoot"/> publishes a partitioned table's
    /// changes as its root's (for a target with the same partitioned table, whatever its partitions).
    /// </summary>
    public static async Task CreateAsync(
        NpgsqlConnection connection, string publication, IReadOnlyList<(string Schema, string Table)> tables, bool viaPartitionRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0)
        {
            throw new ArgumentException("a publication needs at least one table", nameof(tables));
        }

        var list = string.Join(", ", tables.Select(t => $"{PgIdentifier.Quote(t.Schema)}.{PgIdentifier.Quote(t.Table)}"));
        var sql = $"CREATE PUBLICATION {PgIdentifier.Quote(publication)} FOR TABLE {list}"
            + (viaPartitionRoot ? " WITH (publish_via_partition_root = true)" : string.Empty);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the publication if it exists.</summary>
    public static async Task DropAsync(NpgsqlConnection connection, string publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand($"DROP PUBLICATION IF EXISTS {PgIdentifier.Quote(publication)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
