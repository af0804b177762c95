using Godwit.MySql;
using Godwit.Providers.MySql;
using Godwit.Providers.MySql.Target;
using Godwit.Providers.MySql.Target.Apply;
using Godwit.Testing;

namespace Godwit.MySql.Tests.Target;

/// <summary>
/// The dashboard's reads of a MySQL target's <c>godwit</c> database. On a MariaDB of the test's own: that database is
/// the server's, and this build's layout must not be written into the shared testbed's (other checkouts read it).
/// </summary>
public sealed class MySqlMigrationStateReaderTests
{
    private const int Port = 3328;

    [Fact]
    public async Task The_reader_sees_streams_with_errors_and_reconnects_their_samples_the_copy_per_table_the_verify_runs_and_the_rollbacks()
    {
        await using var server = await PrivateServer.MariaDbAsync(Port);
        var admin = MySqlUriSettings.From(server.Uri);
        await using (var c = await MySqlConnection.OpenAsync(admin, CancellationToken.None))
        {
            await c.ExecuteAsync("CREATE DATABASE shop; CREATE DATABASE other", CancellationToken.None);
        }

        var uri = server.Uri.WithDatabase("shop");
        var provider = new MySqlTargetProvider(uri);
        var empty = await provider.StateReader().ReadAsync(TimeSpan.FromHours(1), CancellationToken.None);
        Assert.Empty(empty.Streams);
        Assert.Empty(empty.CopyRuns);
        await using var connection = await MySqlConnection.OpenAsync(admin, CancellationToken.None);
        Assert.Equal(0L, await connection.ScalarAsync<long>("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'godwit'", CancellationToken.None));

        await connection.ExecuteAsync("SET time_zone = '+00:00'", CancellationToken.None);
        await MySqlStateSchema.EnsureAsync(connection, CancellationToken.None);
        await connection.ExecuteAsync("""
            INSERT INTO godwit.sync_state (stream, source_database, target_schema, status, lag_seconds, events_per_second, rows_applied, events_applied)
            VALUES ('shop_reverse', 'shop', 'shop', 'running', 0.75, 12, 300, 310);
            INSERT INTO godwit.stream_samples (stream, at, lag_seconds, events_per_second, rows_applied, events_applied)
            VALUES ('shop_reverse', UTC_TIMESTAMP(6) - INTERVAL 2 HOUR, 99, 1, 1, 1);
            INSERT INTO godwit.copy_runs (run_id, stream, source, source_database, target_schema, jobs, started_at) VALUES (1, 'shop', 'postgresql://x', 'shop', 'shop', 2, UTC_TIMESTAMP(6) - INTERVAL 10 SECOND);
            INSERT INTO godwit.copy_chunks (run_id, source_table, chunk, status, rows_loaded, rows_rejected, bytes, finished_at)
            VALUES (1, 'orders', 0, 'done', 500, 1, 4096, UTC_TIMESTAMP(6)), (1, 'orders', 1, 'pending', NULL, NULL, NULL, NULL), (1, 'items', 0, 'done', 70, 0, 512, UTC_TIMESTAMP(6));
            INSERT INTO godwit.verify_runs (run_id, description, target_schema, mode, differences, tables, differing_tables, finished_at)
            VALUES ('v1', 'shop (rows)', 'shop', 'rows', 2, '["orders","items"]', '["orders"]', UTC_TIMESTAMP(6));
            INSERT INTO godwit.verify_chunks (run_id, table_name, lo, hi, source_rows, target_rows, equal) VALUES ('v1', 'orders', 0, 10, 10, 10, FALSE), ('v1', 'items', 0, 10, 10, 10, TRUE);
            INSERT INTO godwit.cutovers (stream, source_database, target_schema, step, source_frozen, result, freeze_ms, report, finished_at)
            VALUES ('shop', 'shop', 'shop', 'hold', TRUE, 'switched', 140, '{"steps":[{"name":"gates","status":"ok","ms":500},{"name":"freeze","status":"ok","ms":30}]}', UTC_TIMESTAMP(6));
            """, CancellationToken.None);

        // What the sync engine records: two lost connections it retries, then one it cannot cure.
        var target = provider.Stream(new Core.Specs.MigrationSpec());
        await target.TryRecordStatusAsync("shop_reverse", "reconnecting", "source: connection reset", CancellationToken.None);
        await target.TryRecordStatusAsync("shop_reverse", "reconnecting", "target: connection reset", CancellationToken.None);
        await target.TryRecordStatusAsync("shop_reverse", "error", "fatal: table orders key (7) column total: out of range", CancellationToken.None);

        // The apply commit's sample: one now, none again within the interval.
        var sampler = new MySqlStreamSampler("shop_reverse");
        var now = DateTimeOffset.UtcNow;
        await connection.ExecuteAsync("START TRANSACTION", CancellationToken.None);
        Assert.True(await sampler.SampleIfDueAsync(connection, now, CancellationToken.None));
        Assert.False(await sampler.SampleIfDueAsync(connection, now + TimeSpan.FromSeconds(4), CancellationToken.None));
        await connection.ExecuteAsync("COMMIT", CancellationToken.None);

        var state = await provider.StateReader().ReadAsync(TimeSpan.FromHours(1), CancellationToken.None);

        var stream = Assert.Single(state.Streams);
        Assert.Equal(("shop_reverse", "error", 3L, 2L), (stream.Stream, stream.Status, stream.Errors, stream.Reconnects));
        var sample = Assert.Single(state.Samples["shop_reverse"]);
        Assert.Equal((0.75, 300L), (sample.LagSeconds, sample.RowsApplied));

        var run = Assert.Single(state.CopyRuns);
        Assert.Equal(["items", "orders"], run.Tables.Select(t => t.Table));
        var orders = run.Tables[1];
        Assert.Equal((2, 1, 500L, 1L, 4096L, false), (orders.Chunks, orders.ChunksDone, orders.RowsLoaded, orders.RowsRejected, orders.Bytes, orders.Done));
        Assert.True(run.Tables[0].Done);

        var verify = Assert.Single(state.VerifyRuns);
        Assert.Equal((2L, 2L, 1L), (verify.Differences, verify.ChunksChecked, verify.ChunksDiffering));
        Assert.Equal(["orders"], verify.DifferingTables);

        var rollback = Assert.Single(state.Switches);
        Assert.Equal(("rollback", "switched", 140L), (rollback.Kind, rollback.Result, rollback.FreezeMs));
        Assert.Equal(["gates:500", "freeze:30"], rollback.Steps.Select(s => $"{s.Name}:{s.Ms}"));

        // One godwit database per server, whichever database a URI names.
        Assert.Equal(provider.StateReader().Store, new MySqlTargetProvider(server.Uri.WithDatabase("other")).StateReader().Store);
    }
}
