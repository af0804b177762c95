using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Tests.Sync;
using Godwit.Routing;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

/// <summary><c>tenant rollback</c>: a moved tenant back to the source by its reverse stream, before its purge.</summary>
[Collection("Tenant moves")]
public sealed class TenantRollbackTests : TenantTestBase
{
    private string[] RollbackArgs(int tenant, params string[] extra) =>
        ["tenant", "rollback", "--source", Source, "--target", Target, "--tenant-column", "company_id", "--tenant", tenant.ToString(CultureInfo.InvariantCulture), "--routing-map", MapPath, .. extra];

    [Fact]
    public async Task A_moved_tenant_rolls_back_with_every_write_it_made_on_the_target_while_the_other_tenants_keep_writing()
    {
        WriteInitialMap();
        var before = new Dictionary<int, (long, long, long)>();
        foreach (var t in new[] { 1, 3 })
        {
            before[t] = await TenantRowsAsync(SourceDb, t);
        }

        var targetTenant9 = await TenantRowsAsync(TargetDb, 9);
        await using var app = await TenantApp.StartAsync(MapPath, SourceDb, TargetDb, [1, 2, 3]);
        await app.WritesAsync(3, "the app writing for every tenant before the move");
        var move = await MoveAsync(2);
        Assert.True(move.ExitCode == 0, move.StdErr);
        await app.WritesAsync(5, "the app writing for every tenant after the move");

        // Besides the app's inserts, tenant 2 updates and deletes on the target (seeded rows and one the app wrote there).
        var onTarget = app.Acknowledged.First(a => a.Tenant == 2 && a.OnTarget).OrderId;
        await TargetDb.ExecuteAsync("UPDATE orders SET total = 777.77 WHERE id = 2001");
        await TargetDb.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"UPDATE orders SET total = 555.55 WHERE id = {onTarget}"));
        await TargetDb.ExecuteAsync("UPDATE order_items SET sku = 'changed' WHERE id = 20030");
        await TargetDb.ExecuteAsync("DELETE FROM order_items WHERE order_id = 2002");
        await TargetDb.ExecuteAsync("DELETE FROM orders WHERE id = 2002");
        var version = RoutingFile.Read(MapPath)!.Version;
        var ackedBefore = app.Acknowledged.Where(a => a.Tenant == 2).Select(a => a.OrderId).ToHashSet();

        var rollback = await CliRun.InvokeAsync(RollbackArgs(2, "--json"));
        Assert.True(rollback.ExitCode == 0, rollback.StdErr);
        await app.WritesAsync(3, "the app writing for every tenant after the rollback");
        await app.StopAsync();

        using var json = JsonDocument.Parse(rollback.StdOut);
        Assert.True(json.RootElement.GetProperty("freeze_ms").GetInt64() >= 0);
        Assert.Equal($"tenant-{TargetDb.Name}-2-reverse", json.RootElement.GetProperty("stream").GetString());
        var state = RoutingFile.Read(MapPath)!;
        Assert.Equal(RoutingPrimary.Source, state.RouteFor("2").Primary);
        Assert.Equal(version + 1, state.Version);
        Assert.Equal(version + 1, state.Tenants["2"].Version);
        var status = await CliRun.InvokeAsync(["tenant", "status", "--target", Target, "--routing-map", MapPath, "--tenant", "2", "--json"]);
        Assert.True(status.ExitCode == 0, status.StdErr);
        using (var listed = JsonDocument.Parse(status.StdOut))
        {
            Assert.Equal("rolled back", listed.RootElement.GetProperty("tenants")[0].GetProperty("phase").GetString());
        }

        // Every acknowledged write of tenant 2 (on the source before the move and after the rollback, on the target
        // between them) is on the source, with what the target changed and without what it deleted.
        var mine = app.Acknowledged.Where(a => a.Tenant == 2).ToList();
        Assert.Contains(mine, a => a.OnTarget);
        var sourceOrders = (await SourceDb.RowsAsync("SELECT id FROM orders WHERE company_id = 2")).Select(r => long.Parse(r[0]!, CultureInfo.InvariantCulture)).ToHashSet();
        Assert.All(mine, a => Assert.Contains(a.OrderId, sourceOrders));
        Assert.Equal((1L, SeedOrders - 1 + mine.Count, (2L * SeedOrders) - 2 + mine.Count), await TenantRowsAsync(SourceDb, 2));
        Assert.Equal("777.77", (await SourceDb.RowsAsync("SELECT total FROM orders WHERE id = 2001"))[0][0]);
        Assert.Equal("555.55", (await SourceDb.RowsAsync(string.Create(CultureInfo.InvariantCulture, $"SELECT total FROM orders WHERE id = {onTarget}")))[0][0]);
        Assert.Equal("changed", (await SourceDb.RowsAsync("SELECT sku FROM order_items WHERE id = 20030"))[0][0]);
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM orders WHERE id = 2002"));

        // The source's counter was moved past every id the target handed out: tenant 2's writes after the rollback
        // got ids above them.
        var targetMax = await CountAsync(TargetDb, "SELECT MAX(id) FROM orders");
        var after = app.Acknowledged.Where(a => a.Tenant == 2 && !a.OnTarget && !ackedBefore.Contains(a.OrderId)).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, a => Assert.True(a.OrderId > targetMax, $"order {a.OrderId} at or below the target's {targetMax}"));

        // The other tenants wrote on the source throughout and lost nothing; tenant 9 on the target is untouched.
        foreach (var t in new[] { 1, 3 })
        {
            var theirs = app.Acknowledged.Where(a => a.Tenant == t).ToList();
            Assert.All(theirs, a => Assert.False(a.OnTarget));
            var (c, o, i) = before[t];
            var present = (await SourceDb.RowsAsync(string.Create(CultureInfo.InvariantCulture, $"SELECT id FROM orders WHERE company_id = {t}"))).Select(r => long.Parse(r[0]!, CultureInfo.InvariantCulture)).ToHashSet();
            var lost = theirs.Where(a => !present.Contains(a.OrderId)).Select(a => a.OrderId).ToList();
            var owners = lost.Count == 0 ? [] : await SourceDb.RowsAsync($"SELECT id, company_id FROM orders WHERE id IN ({string.Join(",", lost)})");
            Assert.True(lost.Count == 0, $"tenant {t} lost {string.Join(",", lost)}; now: {string.Join(";", owners.Select(r => r[0] + "=" + r[1]))}; ackedBefore max {ackedBefore.Max()} targetMax {await CountAsync(TargetDb, "SELECT MAX(id) FROM orders")}");
            Assert.Equal((c, o + theirs.Count, i + theirs.Count), await TenantRowsAsync(SourceDb, t));
            Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(TargetDb, t));
        }

        Assert.Equal(targetTenant9, await TenantRowsAsync(TargetDb, 9));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
        Assert.Equal(0L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
    }

    [Fact]
    public async Task A_rollback_after_the_purge_is_refused_with_exit_2_and_changes_nothing()
    {
        WriteInitialMap();
        var move = await MoveAsync(2, "--purge");
        Assert.True(move.ExitCode == 0, move.StdErr);
        var map = File.ReadAllText(MapPath);

        var rollback = await CliRun.InvokeAsync(RollbackArgs(2));

        Assert.Equal(2, rollback.ExitCode);
        Assert.Contains("purge", rollback.StdErr, StringComparison.Ordinal);
        Assert.Equal(map, File.ReadAllText(MapPath));
        Assert.Equal((1L, (long)SeedOrders, 2L * SeedOrders), await TenantRowsAsync(TargetDb, 2));
        Assert.Equal(0L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
    }

    [Fact]
    public async Task A_rollback_of_a_tenant_never_moved_is_refused()
    {
        WriteInitialMap();

        var rollback = await CliRun.InvokeAsync(RollbackArgs(2));

        Assert.Equal(1, rollback.ExitCode);
        Assert.Contains("never moved", rollback.StdErr, StringComparison.Ordinal);
        Assert.Equal(RoutingPrimary.Source, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
    }

    [Fact]
    public async Task A_tenant_rolled_back_moves_again_with_what_it_wrote_on_each_side()
    {
        WriteInitialMap();
        Assert.Equal(0, (await MoveAsync(2)).ExitCode);
        await TargetDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (2, 1.00)");
        await TargetDb.ExecuteAsync("UPDATE orders SET total = 11.11 WHERE id = 2001");
        var rollback = await CliRun.InvokeAsync(RollbackArgs(2));
        Assert.True(rollback.ExitCode == 0, rollback.StdErr);
        await SourceDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (2, 2.00)");
        await SourceDb.ExecuteAsync("UPDATE orders SET total = 22.22 WHERE id = 2002");
        await SourceDb.ExecuteAsync("DELETE FROM order_items WHERE id = 20030");

        var again = await MoveAsync(2);

        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
        Assert.Equal((1L, SeedOrders + 2L, (2L * SeedOrders) - 1), await TenantRowsAsync(TargetDb, 2));
        Assert.Equal(await TenantRowsAsync(SourceDb, 2), await TenantRowsAsync(TargetDb, 2));
        Assert.Equal("11.11", (await TargetDb.RowsAsync("SELECT total FROM orders WHERE id = 2001"))[0][0]);
        Assert.Equal("22.22", (await TargetDb.RowsAsync("SELECT total FROM orders WHERE id = 2002"))[0][0]);
    }

    [Theory]
    [InlineData("freeze")]
    [InlineData("drain")]
    [InlineData("switch")]
    [InlineData("unfreeze")]
    public async Task A_rollback_killed_at_a_step_finishes_when_run_again_with_nothing_lost_or_left_frozen(string step)
    {
        WriteInitialMap();
        var move = await MoveAsync(2);
        Assert.True(move.ExitCode == 0, move.StdErr);
        await TargetDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (2, 1.00), (2, 2.00)");
        await TargetDb.ExecuteAsync("DELETE FROM order_items WHERE id = 20011");

        using (var first = SyncProcess.Start(RollbackArgs(2)))
        {
            await Waiting.UntilAsync(() => Task.FromResult(first.StdErr.Contains($"tenant 2: rollback: {step}", StringComparison.Ordinal) || first.HasExited), TimeSpan.FromMinutes(2), $"tenant rollback at {step}");
            first.Kill();
        }

        // Another tenant writes on the target whatever the kill left behind.
        await TargetDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (9, 5.00)");

        var again = await CliRun.InvokeAsync(RollbackArgs(2));

        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Equal(RoutingPrimary.Source, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
        Assert.Equal((1L, SeedOrders + 2L, (2L * SeedOrders) - 1), await TenantRowsAsync(SourceDb, 2));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM order_items WHERE id = 20011"));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM orders WHERE company_id = 9"));
        Assert.Equal(0L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
    }
}
