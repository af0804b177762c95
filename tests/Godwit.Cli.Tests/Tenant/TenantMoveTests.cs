using System.Text.Json;
using Godwit.Routing;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

[Collection("Tenant moves")]
public sealed class TenantMoveTests : TenantTestBase
{
    [Fact]
    public async Task A_tenant_moves_while_the_app_writes_for_every_tenant_through_the_map_and_is_purged_from_the_source()
    {
        WriteInitialMap();
        var before = new Dictionary<int, (long, long, long)>();
        foreach (var t in new[] { 1, 3, 4 })
        {
            before[t] = await TenantRowsAsync(SourceDb, t);
        }

        var targetTenant9 = await TenantRowsAsync(TargetDb, 9);
        await using var app = await TenantApp.StartAsync(MapPath, SourceDb, TargetDb, [1, 2, 3, 4]);
        await app.WritesAsync(5, "the app writing for every tenant before the move");

        var run = await MoveAsync(2, "--purge", "--json");
        Assert.True(run.ExitCode == 0, run.StdErr);
        await app.WritesAsync(5, "the app writing for every tenant after the move");
        await app.StopAsync();

        using var json = JsonDocument.Parse(run.StdOut);
        Assert.True(json.RootElement.GetProperty("freeze_ms").GetInt64() >= 0);
        var checksums = json.RootElement.GetProperty("checksums").EnumerateArray().ToDictionary(e => e.GetProperty("table").GetString()!, e => (e.GetProperty("equal").GetBoolean(), e.GetProperty("rows").GetInt64()));
        Assert.Equal(["companies", "order_items", "orders"], checksums.Keys.Order(StringComparer.Ordinal));
        Assert.All(checksums.Values, c => Assert.True(c.Item1));
        Assert.True(checksums["orders"].Item2 >= SeedOrders);
        Assert.True(checksums["order_items"].Item2 >= 2 * SeedOrders);
        var state = RoutingFile.Read(MapPath)!;
        Assert.Equal(RoutingPrimary.Target, state.RouteFor("2").Primary);
        Assert.Equal(RoutingPrimary.Source, state.RouteFor("1").Primary);

        // Every acknowledged write of tenant 2, on the source before the switch or on the target after, is on the
        // target exactly once; so is every seeded row.
        var moved = app.Acknowledged.Where(a => a.Tenant == 2).ToList();
        Assert.Contains(moved, a => !a.OnTarget);
        Assert.Contains(moved, a => a.OnTarget);
        var targetOrders = (await TargetDb.RowsAsync("SELECT id FROM orders WHERE company_id = 2")).Select(r => long.Parse(r[0]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(targetOrders.Count, targetOrders.Distinct().Count());
        Assert.Equal(SeedOrders + moved.Count, targetOrders.Count);
        Assert.All(moved, a => Assert.Contains(a.OrderId, targetOrders));
        var (companies, orders, items) = await TenantRowsAsync(TargetDb, 2);
        Assert.Equal((1L, SeedOrders + moved.Count, (2L * SeedOrders) + moved.Count), (companies, orders, items));

        // No other tenant moved or lost anything: their acknowledged writes are all on the source, none on the target.
        foreach (var t in new[] { 1, 3, 4 })
        {
            var mine = app.Acknowledged.Where(a => a.Tenant == t).ToList();
            Assert.All(mine, a => Assert.False(a.OnTarget));
            var (c, o, i) = before[t];
            Assert.Equal((c, o + mine.Count, i + mine.Count), await TenantRowsAsync(SourceDb, t));
            Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(TargetDb, t));
        }

        Assert.Equal(targetTenant9, await TenantRowsAsync(TargetDb, 9));

        // Purged: tenant 2 is gone from the source (children first), the shared table is untouched, no trigger is left.
        Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(SourceDb, 2));
        Assert.Equal(2L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM countries"));
        Assert.Equal(0L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM countries"));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
        var purged = json.RootElement.GetProperty("purged").EnumerateArray().ToDictionary(e => e.GetProperty("table").GetString()!, e => (e.GetProperty("rows_before").GetInt64(), e.GetProperty("rows_after").GetInt64()));
        Assert.Equal(0L, purged["order_items"].Item2);
        Assert.True(purged["orders"].Item1 >= SeedOrders);
    }

    [Fact]
    public async Task Two_tenants_move_at_once_each_on_its_own_stream()
    {
        WriteInitialMap();
        await using var app = await TenantApp.StartAsync(MapPath, SourceDb, TargetDb, [1, 2, 3]);
        await app.WritesAsync(3, "the app writing before the moves");

        var runs = await Task.WhenAll(MoveAsync(1), MoveAsync(3));
        Assert.True(runs[0].ExitCode == 0, runs[0].StdErr);
        Assert.True(runs[1].ExitCode == 0, runs[1].StdErr);
        await app.WritesAsync(3, "the app writing after the moves");
        await app.StopAsync();

        var state = RoutingFile.Read(MapPath)!;
        Assert.Equal(RoutingPrimary.Target, state.RouteFor("1").Primary);
        Assert.Equal(RoutingPrimary.Target, state.RouteFor("3").Primary);
        Assert.Equal(RoutingPrimary.Source, state.RouteFor("2").Primary);
        Assert.Equal($"tenant-{TargetDb.Name}-1", state.Tenants["1"].Stream);
        Assert.Equal($"tenant-{TargetDb.Name}-3", state.Tenants["3"].Stream);
        foreach (var t in new[] { 1, 3 })
        {
            var acked = app.Acknowledged.Count(a => a.Tenant == t);
            var (_, orders, items) = await TenantRowsAsync(TargetDb, t);
            Assert.Equal(SeedOrders + acked, orders);
            Assert.Equal((2L * SeedOrders) + acked, items);
        }

        Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(TargetDb, 2));

        var status = await CliRun.InvokeAsync(["tenant", "list", "--target", Target, "--routing-map", MapPath, "--json"]);
        Assert.True(status.ExitCode == 0, status.StdErr);
        using var json = JsonDocument.Parse(status.StdOut);
        var phases = json.RootElement.GetProperty("tenants").EnumerateArray().ToDictionary(e => e.GetProperty("tenant").GetString()!, e => e.GetProperty("phase").GetString());
        Assert.Equal("switched", phases["1"]);
        Assert.Equal("switched", phases["3"]);
    }

    [Fact]
    public async Task A_key_collision_on_the_target_is_refused_by_the_plan_and_by_the_move_before_anything_is_copied()
    {
        // Tenant 9's order id on the target is also one of tenant 2's ids on the source.
        await TargetDb.ExecuteAsync("INSERT INTO orders (id, company_id, total) VALUES (2005, 9, 1.00)");

        var plan = await CliRun.InvokeAsync(["tenant", "plan", "--source", Source, "--target", Target, "--tenant-column", "company_id", "--tenant", "2", "--json"]);
        Assert.Equal(2, plan.ExitCode);
        using (var json = JsonDocument.Parse(plan.StdOut))
        {
            var collision = Assert.Single(json.RootElement.GetProperty("collisions").EnumerateArray());
            Assert.Equal("orders", collision.GetProperty("table").GetString());
            Assert.Equal("2005", collision.GetProperty("sample")[0][0].GetString());
            var roles = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(e => e.GetProperty("table").GetString()!, e => e.GetProperty("role").GetString());
            Assert.Equal("via-path", roles["order_items"]);
            Assert.Equal("shared", roles["countries"]);
        }

        var move = await MoveAsync(2);
        Assert.Equal(1, move.ExitCode);
        Assert.Contains("orders", move.StdErr, StringComparison.Ordinal);
        Assert.Contains("id = 2005", move.StdErr, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM companies WHERE company_id = 2"));
        Assert.Equal(RoutingPrimary.Source, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
    }

    [Fact]
    public async Task Assess_with_a_tenant_prints_the_same_plan_as_tenant_plan_and_exits_2_on_a_collision()
    {
        string[] tenant = ["--source", Source, "--target", Target, "--tenant-column", "company_id", "--tenant", "2", "--json"];
        var clean = await CliRun.InvokeAsync(["assess", .. tenant]);
        Assert.True(clean.ExitCode == 0, clean.StdErr);
        using (var json = JsonDocument.Parse(clean.StdOut))
        {
            var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(e => e.GetProperty("table").GetString()!, e => (e.GetProperty("role").GetString(), e.GetProperty("tenant_rows").ValueKind == JsonValueKind.Null ? -1 : e.GetProperty("tenant_rows").GetInt64()));
            Assert.Equal(("tenant", (long)SeedOrders), tables["orders"]);
            Assert.Equal(("via-path", 2L * SeedOrders), tables["order_items"]);
            Assert.Equal(("shared", -1L), tables["countries"]);
        }

        await TargetDb.ExecuteAsync("INSERT INTO orders (id, company_id, total) VALUES (2005, 9, 1.00)");
        var assess = await CliRun.InvokeAsync(["assess", .. tenant]);
        var plan = await CliRun.InvokeAsync(["tenant", "plan", .. tenant]);

        Assert.Equal(2, assess.ExitCode);
        Assert.Equal(plan.StdOut, assess.StdOut);
        var text = await CliRun.InvokeAsync(["assess", .. tenant[..^1]]);
        Assert.Contains("collision: ", text.StdOut, StringComparison.Ordinal);
        Assert.Contains("via-path", text.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purge_before_the_switch_is_refused()
    {
        var purge = await CliRun.InvokeAsync(["tenant", "purge", "--source", Source, "--target", Target, "--tenant-column", "company_id", "--tenant", "2", "--routing-map", MapPath]);

        Assert.Equal(1, purge.ExitCode);
        Assert.Contains("not switched", purge.StdErr, StringComparison.Ordinal);
        Assert.Equal((1L, (long)SeedOrders, 2L * SeedOrders), await TenantRowsAsync(SourceDb, 2));
    }
}
