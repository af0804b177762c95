using Npgsql;

namespace Godwit.Cluster;

/// <summary>
/// The cluster's membership tables, in a schema of their own (<c>godwit_cluster</c>) in the <c>--cluster</c> database,
/// created on first use. Godwit keeps Orleans' membership protocol (versioned table, per-row etags, I-am-alive
/// heartbeats) but stores it in its own two tables, so nothing has to be installed from Orleans' SQL scripts (the
/// 10.4.2 packages do not ship them).
/// </summary>
public static class ClusterSchema
{
    public const string Schema = "godwit_cluster";

    private const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS godwit_cluster;
        CREATE TABLE IF NOT EXISTS godwit_cluster.membership_version (
            cluster_id text PRIMARY KEY,
            version integer NOT NULL,
            etag integer NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS godwit_cluster.members (
            cluster_id text NOT NULL,
            address text NOT NULL,
            status integer NOT NULL,
            host_name text NOT NULL,
            silo_name text NOT NULL,
            proxy_port integer NOT NULL,
            entry jsonb NOT NULL,
            etag integer NOT NULL,
            i_am_alive timestamptz NOT NULL,
            PRIMARY KEY (cluster_id, address));
        CREATE TABLE IF NOT EXISTS godwit_cluster.chunk_workers (
            stream text NOT NULL,
            target text NOT NULL,
            run_id bigint NOT NULL,
            source_table text NOT NULL,
            chunk integer NOT NULL,
            worker text NOT NULL,
            finished_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (target, stream, run_id, source_table, chunk));
        CREATE TABLE IF NOT EXISTS godwit_cluster.stream_jobs (
            stream text PRIMARY KEY,
            job jsonb NOT NULL,
            holder text,
            epoch bigint,
            state text NOT NULL DEFAULT 'starting',
            error text,
            lag_seconds double precision,
            updated_at timestamptz NOT NULL DEFAULT now());
        """;

    // Two workers starting at once both run the DDL; an advisory lock keeps CREATE ... IF NOT EXISTS from racing
    // on the catalog (which fails with a unique violation instead of doing nothing).
    private const long DdlLock = 0x60D_C1A5;

    /// <summary>Whether the cluster's tables are there: readers (<c>godwit workers</c>, <c>status --cluster</c>, the dashboard) report an empty cluster otherwise, and make nothing.</summary>
    public static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            "SELECT to_regclass('godwit_cluster.members') IS NOT NULL AND to_regclass('godwit_cluster.chunk_workers') IS NOT NULL AND to_regclass('godwit_cluster.stream_jobs') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("k", DdlLock);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var ddl = new NpgsqlCommand(Ddl, connection, transaction))
        {
            await ddl.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
