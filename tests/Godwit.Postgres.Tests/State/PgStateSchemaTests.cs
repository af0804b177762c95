using Godwit.Postgres.State;
using Godwit.Testing;

namespace Godwit.Postgres.Tests.State;

/// <summary>The godwit schema's one bootstrap: every state table, one version, concurrent first runs, older and newer targets.</summary>
public sealed class PgStateSchemaTests : IAsyncLifetime
{
    private static readonly string[] Tables =
        ["copy_chunks", "copy_rejects", "copy_runs", "cutovers", "deferred_ddl", "positions", "schema_version", "stream_samples", "sync_state", "verify_chunks", "verify_runs"];

    private PgScratchDatabase _db = null!;

    public async Task InitializeAsync() => _db = await PgScratchDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_fresh_target_gets_every_state_table_at_the_current_version()
    {
        await using var connection = await _db.OpenAsync();

        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);

        Assert.Equal(Tables, await StateTablesAsync());
        Assert.Equal(PgStateSchema.Version, await PgStateSchema.CurrentAsync(connection, CancellationToken.None));
        Assert.Equal((long)PgStateSchema.Version, await _db.ScalarAsync<long>("SELECT count(*) FROM godwit.schema_version"));
    }

    [Fact]
    public async Task Commands_starting_together_make_the_schema_once()
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _db.OpenAsync()));
        try
        {
            await Task.WhenAll(connections.Select(c => PgStateSchema.EnsureAsync(c, CancellationToken.None)));
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }

        Assert.Equal((long)PgStateSchema.Version, await _db.ScalarAsync<long>("SELECT count(*) FROM godwit.schema_version"));
        Assert.Equal(Tables, await StateTablesAsync());
    }

    [Fact]
    public async Task A_target_made_before_the_version_table_is_adopted_with_its_state()
    {
        // What an earlier Godwit left: the stream's table with a saved position, and no version table.
        await _db.ExecuteAsync("""
            CREATE SCHEMA godwit;
            CREATE TABLE godwit.sync_state (stream text PRIMARY KEY, source_database text, target_schema text, binlog_file text, binlog_pos bigint,
                gtid text, last_event_time timestamptz, applied_at timestamptz, events_applied bigint NOT NULL DEFAULT 0, rows_applied bigint NOT NULL DEFAULT 0,
                transactions_applied bigint NOT NULL DEFAULT 0, lag_seconds double precision, events_per_second double precision, source_file text, source_pos bigint,
                status text NOT NULL DEFAULT 'new', last_error text, last_error_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO godwit.sync_state (stream, binlog_file, binlog_pos) VALUES ('shop', 'mariadb-bin.000007', 4242);
            """);
        await using var connection = await _db.OpenAsync();

        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);

        Assert.Equal(Tables, await StateTablesAsync());
        Assert.Equal(4242L, await _db.ScalarAsync<long>("SELECT binlog_pos FROM godwit.sync_state WHERE stream = 'shop'"));
        Assert.Equal(PgStateSchema.Version, await PgStateSchema.CurrentAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task Copy_runs_made_before_streams_keyed_them_take_the_default_stream_and_streams_keep_their_own_runs()
    {
        // An earlier layout: copy runs keyed by source database and target schema only.
        await _db.ExecuteAsync("""
            CREATE SCHEMA godwit;
            CREATE TABLE godwit.copy_runs (run_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, source text NOT NULL, source_database text NOT NULL,
                target_schema text NOT NULL, status text NOT NULL DEFAULT 'copying', jobs integer NOT NULL, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz);
            INSERT INTO godwit.copy_runs (source, source_database, target_schema, jobs) VALUES ('mysql://db1/shop', 'shop', 'shop', 2);
            """);
        await using var connection = await _db.OpenAsync();

        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        var second = await Godwit.Postgres.Copy.PgCopyStore.CreateRunAsync(connection, "mysql://db2/shop", "shop", "shop", "shop-eu", 2, [], CancellationToken.None);

        Assert.Equal(1L, (await Godwit.Postgres.Copy.PgCopyStore.FindRunAsync(connection, "shop", CancellationToken.None))!.RunId);
        Assert.Equal(second, (await Godwit.Postgres.Copy.PgCopyStore.FindRunAsync(connection, "shop-eu", CancellationToken.None))!.RunId);
        Assert.Null(await Godwit.Postgres.Copy.PgCopyStore.FindRunAsync(connection, "shop-us", CancellationToken.None));
    }

    [Fact]
    public async Task A_target_written_by_a_newer_godwit_is_refused_naming_both_versions()
    {
        await using var connection = await _db.OpenAsync();
        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        await _db.ExecuteAsync($"INSERT INTO godwit.schema_version (version) VALUES ({PgStateSchema.Version + 1})");

        var error = await Assert.ThrowsAsync<PgStateSchemaException>(() => PgStateSchema.EnsureAsync(connection, CancellationToken.None));

        Assert.Contains($"version {PgStateSchema.Version + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {PgStateSchema.Version}", error.Message, StringComparison.Ordinal);
    }

    private async Task<string[]> StateTablesAsync()
    {
        await using var connection = await _db.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT tablename::text FROM pg_tables WHERE schemaname = 'godwit' ORDER BY 1", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }
}
