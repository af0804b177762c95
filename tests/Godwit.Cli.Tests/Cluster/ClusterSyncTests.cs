using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Sync;
using Godwit.Cli.Tests.Sync;
using Godwit.Cluster;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Positions;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Godwit.Cli.Tests.Cluster;

/// <summary>
/// <c>sync --cluster</c>: the change stream as one stream grain on <c>godwit worker</c> processes, moved when its worker
/// is killed; and the stream fence, which refuses an old owner's commit once a new owner has claimed the stream.
/// </summary>
public sealed class ClusterSyncTests : SyncTestBase, IDisposable
{
    private const string Tables = """
        CREATE TABLE items (id INT PRIMARY KEY, v INT NOT NULL, note VARCHAR(40));
        CREATE TABLE events (item INT NOT NULL, note VARCHAR(40));
        INSERT INTO items SELECT seq, 0, CONCAT('item ', seq) FROM seq_1_to_500;
        """;

    private WorkerProcesses? _workers;

    [Fact]
    public async Task The_stream_moves_to_another_worker_when_its_worker_is_killed_and_applies_every_change_exactly_once()
    {
        await MySql.ExecuteAsync(Tables);
        var migrate = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target]);
        Assert.True(migrate.ExitCode == 0, migrate.StdErr);
        _workers = new WorkerProcesses(Target, new Dictionary<string, string>
        {
            ["GODWIT_SOURCE_PASSWORD"] = MySql.Uri.Password!,
            ["GODWIT_TARGET_PASSWORD"] = Postgres.Uri.Password!,
        });
        for (var i = 0; i < 3; i++)
        {
            _workers.Start($"s{i}");
        }

        await WaitForAsync(async () => await ActiveWorkersAsync() >= 3, TimeSpan.FromMinutes(3), "3 workers active");
        var started = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--cluster", Target, "--server-id", ServerId, "--json"]);
        Assert.True(started.ExitCode == 0, started.StdOut + started.StdErr + _workers.Log());
        var json = JsonDocument.Parse(started.StdOut).RootElement;
        Assert.Equal("running", json.GetProperty("state").GetString());
        var firstWorker = json.GetProperty("worker").GetString()!;
        var firstEpoch = json.GetProperty("epoch").GetInt64();

        // The application writes all along: inserts, updates of earlier rows, and rows of a keyless table (which a
        // change applied twice would duplicate).
        using var stopWriting = new CancellationTokenSource();
        var writer = WriteAsync(stopWriting.Token);
        await WaitForAsync(async () => await TargetCountAsync("events") >= 50, TimeSpan.FromMinutes(2), "the stream applying the application's writes");

        var holder = _workers.ByWorkerId(firstWorker);
        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();

        // Another worker takes the stream with a newer epoch and goes on applying.
        (string? Worker, long? Epoch, string? State) moved = default;
        await WaitForAsync(
            async () =>
            {
                moved = await ClusterStreamAsync();
                return moved.Worker is not null && moved.Worker != firstWorker && moved.Epoch > firstEpoch && moved.State == "running";
            },
            TimeSpan.FromMinutes(3),
            "the stream running on another worker with a newer epoch");
        var atMove = await TargetCountAsync("events");
        await WaitForAsync(async () => await TargetCountAsync("events") > atMove + 50, TimeSpan.FromMinutes(2), "the moved stream applying new writes");

        await stopWriting.CancelAsync();
        var written = await writer;
        await WaitForAsync(async () => await TargetCountAsync("events") >= written, TimeSpan.FromMinutes(2), "every event applied");
        await WaitForAsync(
            async () =>
            {
                var target = await ItemsDigestAsync();
                var source = await SourceItemsDigestAsync();
                return target.AsEnumerable().SequenceEqual(source);
            },
            TimeSpan.FromMinutes(2),
            "items equal on both sides");
        Assert.Equal(written, await TargetCountAsync("events"));
        Assert.Equal(
            (await MySqlRowsAsync("SELECT item, note FROM events ORDER BY item, note")).Select(r => string.Join('|', r)),
            (await PgRowsAsync($"SELECT item::text, note FROM \"{Schema}\".events ORDER BY item, note")).Select(r => string.Join('|', r)));

        // status --cluster names the worker holding the stream, its epoch and lag.
        var status = await CliRun.InvokeAsync(["status", "--target", Target, "--cluster", Target, "--json"]);
        Assert.True(status.ExitCode == 0, status.StdErr);
        var shown = JsonDocument.Parse(status.StdOut).RootElement.GetProperty("cluster_streams").EnumerateArray().Single();
        Assert.Equal(moved.Worker, shown.GetProperty("worker").GetString());
        Assert.Equal(moved.Epoch, shown.GetProperty("epoch").GetInt64());
        Assert.True(shown.TryGetProperty("lag_seconds", out _));

        // --stop ends it: its job is gone, so no worker starts it again.
        var stopped = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--cluster", Target, "--stop", "--json"]);
        Assert.True(stopped.ExitCode == 0, stopped.StdOut + stopped.StdErr);
        Assert.Equal("stopped", JsonDocument.Parse(stopped.StdOut).RootElement.GetProperty("state").GetString());
        Assert.Equal("0", await PgScalarAsync("SELECT count(*) FROM godwit_cluster.stream_jobs"));
    }

    [Fact]
    public async Task A_stale_owner_s_commit_is_refused_by_the_fence_and_nothing_of_it_is_kept()
    {
        var start = await SetUpAsync("CREATE TABLE items (id INT PRIMARY KEY, note VARCHAR(40)); CREATE TABLE events (note VARCHAR(40));");
        Assert.True(MySqlPositionCodec.Instance.TryParse(start, out var position, out var reason), reason);
        var stream = Schema;

        // The old owner: epoch 1, streaming.
        var oldEpoch = await StreamFenceClaims.ClaimAsync(Postgres.Uri, stream, CancellationToken.None);
        using var stopOld = new CancellationTokenSource();
        var old = Engine(oldEpoch, position).RunAsync(stopOld.Token);
        await MySql.ExecuteAsync("INSERT INTO items VALUES (1, 'before'); INSERT INTO events VALUES ('before');");
        await WaitForAsync(
            async () => await TargetCountAsync("items") == 1 && await TargetCountAsync("events") == 1, TimeSpan.FromMinutes(2), "the old owner applying the first changes");

        // A new owner claims the stream (as a new activation does) while the old one still runs.
        var newEpoch = await StreamFenceClaims.ClaimAsync(Postgres.Uri, stream, CancellationToken.None);
        Assert.True(newEpoch > oldEpoch);
        // Read once the claim is in: until then the old owner may still rightly commit, and it does so for other
        // databases' transactions too (the testbed's binlog is shared by the tests running beside this one), which
        // moves the position without a row. A commit checks the fence under the fence row's lock, so from the claim on
        // nothing of the old owner's can land.
        var positionBefore = await PgScalarAsync($"SELECT position FROM godwit.sync_state WHERE stream = '{stream}'");
        await MySql.ExecuteAsync("INSERT INTO items VALUES (2, 'after'); INSERT INTO events VALUES ('after');");

        // The old owner's next commit is refused (GWF01) and it stops by itself.
        await WaitForAsync(() => Task.FromResult(old.IsCompleted), TimeSpan.FromMinutes(2), "the old owner stopping");
        var fenced = await Assert.ThrowsAsync<StreamFencedException>(() => old);
        Assert.Equal("GWF01", Assert.IsType<PostgresException>(fenced.InnerException).SqlState);
        Assert.Equal("1", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".items"));
        Assert.Equal("0", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".events WHERE note = 'after'"));
        Assert.Equal(positionBefore, await PgScalarAsync($"SELECT position FROM godwit.sync_state WHERE stream = '{stream}'"));
        Assert.NotEqual("error", await PgScalarAsync($"SELECT status FROM godwit.sync_state WHERE stream = '{stream}'"));

        // The new owner resumes from what the target holds and applies the refused change, once.
        using var stopNew = new CancellationTokenSource();
        var current = Engine(newEpoch, null).RunAsync(stopNew.Token);
        await WaitForAsync(async () => await TargetCountAsync("items") == 2, TimeSpan.FromMinutes(2), "the new owner applying the refused change");
        await stopNew.CancelAsync();
        Assert.Equal(SyncOutcome.Stopped, await current);
        Assert.Equal(
            ["after", "before"],
            (await PgRowsAsync($"SELECT note FROM \"{Schema}\".events ORDER BY note")).Select(r => r[0]));
    }

    public void Dispose() => _workers?.Dispose();

    private SyncEngine Engine(long epoch, StreamPosition? start) => StreamEndpoints.Engine(
        new SyncRunOptions
        {
            Source = MySql.Uri,
            Target = Postgres.Uri,
            Spec = new MigrationSpec(),
            Start = start,
            ServerId = uint.Parse(ServerId, CultureInfo.InvariantCulture),
            Epoch = epoch,
        },
        new SyncMetrics(),
        NullLogger.Instance);

    /// <summary>Writes until stopped; returns how many events it wrote (every one in its own source transaction with an item change).</summary>
    private async Task<long> WriteAsync(CancellationToken stop)
    {
        var written = 0L;
        while (!stop.IsCancellationRequested)
        {
            var id = 1000 + written;
            await MySql.ExecuteAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"START TRANSACTION; INSERT INTO items VALUES ({id}, 0, 'new'); UPDATE items SET v = v + 1 WHERE id = {(written % 500) + 1}; INSERT INTO events VALUES ({id}, 'e{id}'); COMMIT;"));
            written++;
            // The application's pace (not a wait for a condition): a few hundred transactions a second would only make the test slower.
            await Task.Delay(10, CancellationToken.None);
        }

        return written;
    }

    private async Task<long> TargetCountAsync(string table) =>
        long.Parse((await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".\"{table}\""))!, CultureInfo.InvariantCulture);

    private async Task<string?[]> ItemsDigestAsync() =>
        (await PgRowsAsync($"SELECT count(*)::text, md5(string_agg(id || '|' || v || '|' || note, ',' ORDER BY id)) FROM \"{Schema}\".items")).Single();

    private async Task<string?[]> SourceItemsDigestAsync() =>
        (await MySqlRowsAsync("SELECT COUNT(*), MD5(GROUP_CONCAT(id, '|', v, '|', note ORDER BY id SEPARATOR ',')) FROM items")).Single();

    private Task<int> ActiveWorkersAsync() => WorkerProcesses.ActiveAsync(PgScalarAsync);

    private async Task<(string? Worker, long? Epoch, string? State)> ClusterStreamAsync()
    {
        var row = (await PgRowsAsync("SELECT holder, epoch::text, state FROM godwit_cluster.stream_jobs")).SingleOrDefault();
        return row is null ? default : (row[0], row[1] is null ? null : long.Parse(row[1]!, CultureInfo.InvariantCulture), row[2]);
    }
}
