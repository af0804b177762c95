using Godwit.Postgres.Dashboard;
using Godwit.Core.Specs;
using Godwit.Postgres.State;
using Godwit.Postgres.Streaming;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Postgres.Tests.Dashboard;

/// <summary>The dashboard's reads of the godwit schema, and the stream's samples that feed its lag chart.</summary>
public sealed class PgMigrationStateReaderTests : IAsyncLifetime
{
    private PgScratchDatabase _db = null!;

    public async Task InitializeAsync() => _db = await PgScratchDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_target_no_migration_touched_reads_as_empty_and_keeps_no_godwit_schema()
    {
        var state = await new PgTargetProvider(_db.Uri).StateReader().ReadAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Empty(state.Streams);
        Assert.Empty(state.CopyRuns);
        Assert.Empty(state.Switches);
        Assert.Empty(state.VerifyRuns);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'godwit'"));
    }

    [Fact]
    public async Task The_reader_sees_the_stream_its_samples_the_copy_per_table_the_cutover_steps_and_the_verify_run()
    {
        await using (var connection = await _db.OpenAsync())
        {
            await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        }

        await _db.ExecuteAsync("""
            INSERT INTO godwit.sync_state (stream, source_database, target_schema, status, lag_seconds, events_per_second, rows_applied, events_applied, last_error)
            VALUES ('shop', 'shop', 'shop', 'running', 2.5, 40, 1200, 1300, 'lost the source');
            INSERT INTO godwit.stream_samples (stream, at, lag_seconds, events_per_second, rows_applied, events_applied)
            VALUES ('shop', now() - interval '30 minutes', 9, 10, 100, 100), ('shop', now() - interval '2 hours', 99, 1, 1, 1);
            INSERT INTO godwit.copy_runs (source, source_database, target_schema, jobs, stream, started_at) VALUES ('mysql://x', 'shop', 'shop', 2, 'shop', now() - interval '10 seconds');
            INSERT INTO godwit.copy_chunks (run_id, source_table, chunk, status, rows_loaded, rows_rejected, bytes, finished_at)
            VALUES (1, 'shop.orders', 0, 'done', 500, 1, 4096, now()), (1, 'shop.orders', 1, 'pending', NULL, NULL, NULL, NULL), (1, 'shop.items', 0, 'done', 70, 0, 512, now());
            INSERT INTO godwit.cutovers (stream, source_database, target_schema, step, source_frozen, result, freeze_ms, report, finished_at)
            VALUES ('shop', 'shop', 'shop', 'hold', true, 'switched', 140,
                    '{"steps":[{"name":"gates","status":"ok","ms":500,"detail":"lag ok"},{"name":"freeze","status":"ok","ms":30,"detail":null}]}', now());
            INSERT INTO godwit.cutovers (stream, source_database, target_schema, step, source_frozen) VALUES ('shop', 'shop', 'shop', 'drain', true);
            INSERT INTO godwit.verify_runs (run_id, description, target_schema, mode, differences, tables, differing_tables, finished_at)
            VALUES ('v1', 'shop (rows)', 'shop', 'rows', 2, '{shop.orders,shop.items}', '{shop.orders}', now());
            INSERT INTO godwit.verify_chunks (run_id, table_name, lo, hi, source_rows, target_rows, equal) VALUES ('v1', 'shop.orders', 0, 10, 10, 10, false), ('v1', 'shop.items', 0, 10, 10, 10, true);
            """);

        var state = await new PgTargetProvider(_db.Uri).StateReader().ReadAsync(TimeSpan.FromHours(1), CancellationToken.None);

        var stream = Assert.Single(state.Streams);
        Assert.Equal(("shop", "running", 2.5, 1200L, "lost the source"), (stream.Stream, stream.Status, stream.LagSeconds, stream.RowsApplied, stream.LastError));
        Assert.False(stream.Running);
        var sample = Assert.Single(state.Samples["shop"]);
        Assert.Equal(9, sample.LagSeconds);

        var run = Assert.Single(state.CopyRuns);
        Assert.Equal(["shop.items", "shop.orders"], run.Tables.Select(t => t.Table));
        var orders = run.Tables[1];
        Assert.Equal((2, 1, 500L, 1L, 4096L, false), (orders.Chunks, orders.ChunksDone, orders.RowsLoaded, orders.RowsRejected, orders.Bytes, orders.Done));
        Assert.True(run.Tables[0].Done);

        Assert.Equal(2, state.Switches.Count);
        Assert.Equal(("drain", null, 0), (state.Switches[0].Step, state.Switches[0].Result, state.Switches[0].Steps.Count));
        var done = state.Switches[1];
        Assert.Equal(("cutover", "switched", 140L), (done.Kind, done.Result, done.FreezeMs));
        Assert.Equal(["gates:500", "freeze:30"], done.Steps.Select(s => $"{s.Name}:{s.Ms}"));

        var verify = Assert.Single(state.VerifyRuns);
        Assert.Equal((2L, 2L, 1L), (verify.Differences, verify.ChunksChecked, verify.ChunksDiffering));
        Assert.Equal(["shop.orders"], verify.DifferingTables);
    }

    [Fact]
    public async Task Errors_and_reconnects_the_stream_records_are_counted_in_its_state_and_read_by_the_dashboard()
    {
        await using (var connection = await _db.OpenAsync())
        {
            await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        }

        await _db.ExecuteAsync("INSERT INTO godwit.sync_state (stream, status) VALUES ('shop', 'running'), ('other', 'running')");
        var target = new PgStreamTarget(_db.Uri, new MigrationSpec());

        // What the sync engine records: two lost connections it retries, then one it cannot cure.
        await target.TryRecordStatusAsync("shop", "reconnecting", "source: connection reset", CancellationToken.None);
        await target.TryRecordStatusAsync("shop", "reconnecting", "target: connection reset", CancellationToken.None);
        await target.TryRecordStatusAsync("shop", "error", "fatal: table shop.orders key (7) column total: out of range", CancellationToken.None);
        await target.TryRecordStatusAsync("shop", "stopped", null, CancellationToken.None);

        var state = await new PgTargetProvider(_db.Uri).StateReader().ReadAsync(TimeSpan.FromHours(1), CancellationToken.None);

        var shop = state.Streams.Single(s => s.Stream == "shop");
        Assert.Equal((3L, 2L, "stopped"), (shop.Errors, shop.Reconnects, shop.Status));
        Assert.StartsWith("fatal:", shop.LastError, StringComparison.Ordinal);
        var other = state.Streams.Single(s => s.Stream == "other");
        Assert.Equal((0L, 0L), (other.Errors, other.Reconnects));
    }

    [Fact]
    public async Task A_state_at_layout_4_reads_no_errors_and_no_reconnects_without_being_changed()
    {
        await _db.ExecuteAsync("""
            CREATE SCHEMA godwit;
            CREATE TABLE godwit.schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO godwit.schema_version (version) VALUES (1), (2), (3), (4);
            CREATE TABLE godwit.sync_state (stream text PRIMARY KEY, source_database text, target_schema text, binlog_file text, binlog_pos bigint, gtid text,
                last_event_time timestamptz, applied_at timestamptz, events_applied bigint NOT NULL DEFAULT 0, rows_applied bigint NOT NULL DEFAULT 0,
                transactions_applied bigint NOT NULL DEFAULT 0, lag_seconds double precision, events_per_second double precision, source_file text,
                source_pos bigint, status text NOT NULL DEFAULT 'new', last_error text, last_error_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(), position_engine text, position text, source_head text);
            INSERT INTO godwit.sync_state (stream, status) VALUES ('shop', 'running');
            """);

        var state = await new PgTargetProvider(_db.Uri).StateReader().ReadAsync(TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal((0L, 0L), (state.Streams[0].Errors, state.Streams[0].Reconnects));
        Assert.Equal(4, await _db.ScalarAsync<int>("SELECT max(version) FROM godwit.schema_version"));
    }

    [Fact]
    public async Task The_sampler_samples_the_stream_at_most_every_five_seconds_and_prunes_the_old()
    {
        await using var connection = await _db.OpenAsync();
        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        await _db.ExecuteAsync("""
            INSERT INTO godwit.sync_state (stream, status, lag_seconds, rows_applied, events_applied) VALUES ('shop', 'running', 1.5, 10, 12);
            INSERT INTO godwit.stream_samples (stream, at, rows_applied, events_applied) VALUES ('shop', now() - interval '3 hours', 0, 0);
            """);
        var sampler = new PgStreamSampler("shop");
        var now = DateTimeOffset.UtcNow;

        var first = sampler.Due(now);
        Assert.NotNull(first);
        Assert.Null(sampler.Due(now + TimeSpan.FromSeconds(4)));
        await RunAsync(connection, first);

        var rows = await _db.RowsAsync("SELECT lag_seconds, rows_applied, events_applied FROM godwit.stream_samples WHERE stream = 'shop'");
        Assert.Equal("1.5/10/12", string.Join('/', Assert.Single(rows)));
        Assert.NotNull(sampler.Due(now + PgStreamSampler.Interval));
    }

    private static async Task RunAsync(NpgsqlConnection connection, IReadOnlyList<NpgsqlBatchCommand> commands)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
    }
}
