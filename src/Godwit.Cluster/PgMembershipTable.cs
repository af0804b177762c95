using System.Globalization;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>
/// Orleans' membership table on PostgreSQL (<see cref="ClusterSchema"/>). Every write is a compare-and-set: an insert
/// or update succeeds only if the table version's etag (and for updates the row's etag) is still the one the silo
/// read, in one transaction holding the version row's lock; that is what Orleans' membership protocol needs to
/// agree on which silos are alive.
/// </summary>
public sealed class PgMembershipTable(NpgsqlDataSource dataSource) : IMembershipTable
{
    private const string ClusterId = ClusterConnection.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await ClusterSchema.EnsureAsync(dataSource, CancellationToken.None);
        if (tryInitTableVersion)
        {
            await using var command = dataSource.CreateCommand(
                "INSERT INTO godwit_cluster.membership_version (cluster_id, version, etag) VALUES (@c, 0, 0) ON CONFLICT DO NOTHING");
            command.Parameters.AddWithValue("c", ClusterId);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM godwit_cluster.members WHERE cluster_id = @c; DELETE FROM godwit_cluster.membership_version WHERE cluster_id = @c");
        command.Parameters.AddWithValue("c", clusterId);
        await command.ExecuteNonQueryAsync();
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM godwit_cluster.members WHERE cluster_id = @c AND status = @dead AND i_am_alive < @before");
        command.Parameters.AddWithValue("c", ClusterId);
        command.Parameters.AddWithValue("dead", (int)SiloStatus.Dead);
        command.Parameters.AddWithValue("before", beforeDate.UtcDateTime);
        await command.ExecuteNonQueryAsync();
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key);

    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return await WriteAsync(
            tableVersion,
            """
            INSERT INTO godwit_cluster.members (cluster_id, address, status, host_name, silo_name, proxy_port, entry, etag, i_am_alive)
            VALUES (@c, @a, @s, @h, @n, @p, @e::jsonb, 0, @alive) ON CONFLICT DO NOTHING
            """,
            entry,
            rowEtag: null);
    }

    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        return await WriteAsync(
            tableVersion,
            """
            UPDATE godwit_cluster.members SET status = @s, host_name = @h, silo_name = @n, proxy_port = @p, entry = @e::jsonb,
                etag = etag + 1, i_am_alive = @alive
            WHERE cluster_id = @c AND address = @a AND etag = @rowEtag
            """,
            entry,
            int.Parse(etag, CultureInfo.InvariantCulture));
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = dataSource.CreateCommand(
            "UPDATE godwit_cluster.members SET i_am_alive = @alive WHERE cluster_id = @c AND address = @a");
        command.Parameters.AddWithValue("c", ClusterId);
        command.Parameters.AddWithValue("a", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("alive", DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc));
        await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> WriteAsync(TableVersion tableVersion, string sql, MembershipEntry entry, int? rowEtag)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var version = new NpgsqlCommand(
            "UPDATE godwit_cluster.membership_version SET version = @v, etag = etag + 1, updated_at = now() WHERE cluster_id = @c AND etag = @etag",
            connection,
            transaction))
        {
            version.Parameters.AddWithValue("c", ClusterId);
            version.Parameters.AddWithValue("v", tableVersion.Version);
            version.Parameters.AddWithValue("etag", int.Parse(tableVersion.VersionEtag, CultureInfo.InvariantCulture));
            if (await version.ExecuteNonQueryAsync() != 1)
            {
                return false;
            }
        }

        await using (var write = new NpgsqlCommand(sql, connection, transaction))
        {
            write.Parameters.AddWithValue("c", ClusterId);
            write.Parameters.AddWithValue("a", entry.SiloAddress.ToParsableString());
            write.Parameters.AddWithValue("s", (int)entry.Status);
            write.Parameters.AddWithValue("h", entry.HostName ?? "");
            write.Parameters.AddWithValue("n", entry.SiloName ?? "");
            write.Parameters.AddWithValue("p", entry.ProxyPort);
            write.Parameters.AddWithValue("e", MembershipEntryCodec.Encode(entry));
            write.Parameters.AddWithValue("alive", DateTime.SpecifyKind(entry.IAmAliveTime, DateTimeKind.Utc));
            if (rowEtag is { } e)
            {
                write.Parameters.AddWithValue("rowEtag", e);
            }

            if (await write.ExecuteNonQueryAsync() != 1)
            {
                return false;
            }
        }

        await transaction.CommitAsync();
        return true;
    }

    private async Task<MembershipTableData> ReadAsync(SiloAddress? key)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        // One snapshot for the version and the rows, so a silo never sees rows newer than the version it will CAS on.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        TableVersion version;
        await using (var v = new NpgsqlCommand("SELECT version, etag FROM godwit_cluster.membership_version WHERE cluster_id = @c", connection, transaction))
        {
            v.Parameters.AddWithValue("c", ClusterId);
            await using var reader = await v.ExecuteReaderAsync();
            version = await reader.ReadAsync()
                ? new TableVersion(reader.GetInt32(0), reader.GetInt32(1).ToString(CultureInfo.InvariantCulture))
                : new TableVersion(0, "0");
        }

        var rows = new List<Tuple<MembershipEntry, string>>();
        await using (var r = new NpgsqlCommand(
            "SELECT entry::text, etag, i_am_alive FROM godwit_cluster.members WHERE cluster_id = @c AND (@a::text IS NULL OR address = @a)",
            connection,
            transaction))
        {
            r.Parameters.AddWithValue("c", ClusterId);
            r.Parameters.Add(new NpgsqlParameter("a", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)key?.ToParsableString() ?? DBNull.Value });
            await using var reader = await r.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var entry = MembershipEntryCodec.Decode(reader.GetString(0), reader.GetDateTime(2));
                rows.Add(Tuple.Create(entry, reader.GetInt32(1).ToString(CultureInfo.InvariantCulture)));
            }
        }

        await transaction.CommitAsync();
        return new MembershipTableData(rows, version);
    }
}
