using Godwit.Cli.Dashboard;
using Godwit.Core.Connections;
using Godwit.Core.Dashboard;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>What the dashboard reads with <c>--source</c>: the source's own state (the way back) beside the target's.</summary>
public sealed class DashboardReadsTests : TwoStateStores
{
    [Fact]
    public async Task After_a_cutover_the_reverse_stream_and_the_rollback_on_the_old_source_show_beside_the_forward_stream()
    {
        await EnsureStateAsync();

        await TargetDb.ExecuteAsync("""
            INSERT INTO godwit.sync_state (stream, source_database, target_schema, status) VALUES ('shop', 'public', 'public', 'cut-over');
            INSERT INTO godwit.cutovers (stream, source_database, target_schema, step, result, freeze_ms, started_at) VALUES ('shop', 'public', 'public', 'hold', 'switched', 800, now() - interval '5 minutes');
            """);
        await SourceDb.ExecuteAsync("""
            INSERT INTO godwit.sync_state (stream, source_database, target_schema, status, lag_seconds, errors, reconnects) VALUES ('shop_reverse', 'public', 'public', 'running', 0.3, 1, 1);
            INSERT INTO godwit.stream_samples (stream, at, lag_seconds, rows_applied, events_applied) VALUES ('shop_reverse', now() - interval '1 minute', 0.4, 5, 5);
            INSERT INTO godwit.cutovers (stream, source_database, target_schema, step, result, freeze_ms, started_at) VALUES ('shop_reverse', 'public', 'public', 'hold', 'switched', 200, now());
            """);

        var both = await new DashboardReads(TargetDb.Uri, Source(SourceDb)).ReadAsync(CancellationToken.None);
        var targetOnly = await new DashboardReads(TargetDb.Uri, null).ReadAsync(CancellationToken.None);

        Assert.True(both.Streams.Count == 2, both.SourceError);
        Assert.Equal(["shop:forward", "shop_reverse:reverse"], both.Streams.Select(s => $"{s.Stream}:{s.Direction}"));
        var reverse = both.Streams[1];
        Assert.Equal((0.3, 1L, 1L, 1), (reverse.LagSeconds, reverse.Errors, reverse.Reconnects, reverse.Samples.Count));
        Assert.Equal(["rollback:200", "cutover:800"], both.Switches.Select(c => $"{c.Kind}:{c.FreezeMs}"));
        Assert.Equal(["shop"], targetOnly.Streams.Select(s => s.Stream));

        // A source that is the target's own store is read once.
        var same = await new DashboardReads(TargetDb.Uri, Source(TargetDb)).ReadAsync(CancellationToken.None);
        Assert.Equal(["shop"], same.Streams.Select(s => s.Stream));
    }

    private static ConnectionUri Source(PgScratchDatabase db) => ConnectionUri.Parse(db.Uri.ToUnmaskedString() + "?schema=public");
}
