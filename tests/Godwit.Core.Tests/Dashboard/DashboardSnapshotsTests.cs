using Godwit.Core.Dashboard;
using Godwit.Core.Providers;

namespace Godwit.Core.Tests.Dashboard;

/// <summary>What the dashboard computes from the target's state: lag now, copy ETA, and the metrics text.</summary>
public sealed class DashboardSnapshotsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_reconnecting_stream_shows_its_lag_growing_with_the_stall()
    {
        var stream = new StreamReport { Stream = "shop", Status = "reconnecting", LagSeconds = 2, AppliedAt = Now.AddSeconds(-30) };

        Assert.Equal(32, StreamLag.Current(stream, null, Now));
        Assert.Equal(0, StreamLag.Current(stream with { Status = "running" }, 0, Now));
    }

    [Fact]
    public void A_stream_behind_the_head_is_at_least_as_late_as_its_last_applied_change()
    {
        var stream = new StreamReport { Stream = "shop", Status = "running", LagSeconds = 0.2, LastEventTime = Now.AddSeconds(-12) };

        Assert.Equal(12, StreamLag.Current(stream, 4096, Now));
        Assert.Equal(0.2, StreamLag.Current(stream, null, Now));
    }

    [Fact]
    public void The_copy_ETA_is_the_remaining_chunks_at_the_runs_pace()
    {
        var run = Run(now: Now, startedSecondsAgo: 60, (4, 2), (2, 2));

        var snapshot = DashboardSnapshots.Build(new MigrationState { ReadAt = Now, CopyRuns = [run] }, null, s => s);

        var copy = Assert.Single(snapshot.CopyRuns);
        Assert.Equal(30, copy.EtaSeconds);
        Assert.Equal(30, copy.TableEtaSeconds["t0"]);
        Assert.Equal(0, copy.TableEtaSeconds["t1"]);
        Assert.Null(CopyEta.Seconds(Run(Now, 60, (3, 0)), 3, Now));
    }

    [Fact]
    public void The_metrics_leave_unknown_values_out_and_escape_label_values()
    {
        var state = new MigrationState
        {
            ReadAt = Now,
            Streams = [new StreamReport { Stream = "a\"b", Status = "new" }],
        };

        var text = DashboardMetrics.Render(DashboardSnapshots.Build(state, null, s => s));

        Assert.Contains("migration_stream_running{stream=\"a\\\"b\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("migration_replication_lag_seconds{", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE migration_replication_lag_seconds gauge\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_streams_errors_and_reconnects_are_on_the_snapshot_and_in_the_metrics()
    {
        var state = new MigrationState
        {
            ReadAt = Now,
            Streams = [new StreamReport { Stream = "shop", Status = "running", Errors = 3, Reconnects = 2 }],
        };

        var snapshot = DashboardSnapshots.Build(state, null, s => s);
        var text = DashboardMetrics.Render(snapshot);

        Assert.Equal((3L, 2L), (snapshot.Streams[0].Errors, snapshot.Streams[0].Reconnects));
        Assert.Contains("migration_errors_total{stream=\"shop\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("migration_reconnects_total{stream=\"shop\"} 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_old_sources_reverse_stream_and_rollback_show_beside_the_forward_stream_and_its_cutover()
    {
        var forward = DashboardSnapshots.Build(
            new MigrationState
            {
                ReadAt = Now,
                Streams = [new StreamReport { Stream = "shop", Status = "stopped" }],
                Switches = [new SwitchRecord { Id = 4, Kind = "cutover", TargetSchema = "shop", Step = "hold", Result = "switched", FreezeMs = 900, StartedAt = Now.AddMinutes(-10) }],
            },
            null,
            s => s);
        var oldSource = new MigrationState
        {
            ReadAt = Now,
            Streams = [new StreamReport { Stream = "shop_reverse", Status = "running", LagSeconds = 0.4, Reconnects = 1 }],
            Samples = new Dictionary<string, IReadOnlyList<StreamSample>> { ["shop_reverse"] = [new StreamSample(Now.AddMinutes(-1), 0.5, 3, 10, 10)] },

            // A PostgreSQL old source records its rollback in the same table as a cutover.
            Switches = [new SwitchRecord { Id = 1, Kind = "cutover", TargetSchema = "shop", Step = "hold", Result = "switched", FreezeMs = 300, StartedAt = Now.AddMinutes(-2) }],
        };

        var both = OldSourceState.Merge(forward, oldSource);

        Assert.Equal(["shop:forward", "shop_reverse:reverse"], both.Streams.Select(s => $"{s.Stream}:{s.Direction}"));
        Assert.Equal(0.4, both.Streams[1].LagSeconds);
        Assert.Single(both.Streams[1].Samples);
        Assert.Equal(["rollback:1", "cutover:4"], both.Switches.Select(c => $"{c.Kind}:{c.Id}"));
        var text = DashboardMetrics.Render(both);
        Assert.Contains("migration_freeze_seconds{schema=\"shop\",kind=\"rollback\"} 0.3\n", text, StringComparison.Ordinal);
        Assert.Contains("migration_freeze_seconds{schema=\"shop\",kind=\"cutover\"} 0.9\n", text, StringComparison.Ordinal);
        Assert.Contains("migration_replication_lag_seconds{stream=\"shop_reverse\"} 0.4\n", text, StringComparison.Ordinal);
    }

    private static CopyRunProgress Run(DateTimeOffset now, int startedSecondsAgo, params (int Chunks, int Done)[] tables) => new()
    {
        RunId = 1,
        Stream = "shop",
        SourceDatabase = "shop",
        TargetSchema = "shop",
        Status = "copying",
        StartedAt = now.AddSeconds(-startedSecondsAgo),
        Tables = [.. tables.Select((t, i) => new TableCopyProgress { Table = "t" + i, Chunks = t.Chunks, ChunksDone = t.Done })],
    };
}
