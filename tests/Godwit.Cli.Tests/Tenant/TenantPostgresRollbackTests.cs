using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Tests.Sync;
using Godwit.Routing;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

/// <summary>
/// <c>tenant rollback</c> of a tenant moved from MariaDB into PostgreSQL: its reverse stream reads a replication slot
/// on the PostgreSQL target from the switch on, and that slot goes with the rollback or the purge.
/// </summary>
[Collection("Tenant moves")]
public sealed class TenantPostgresRollbackTests : TenantTestBase
{
    private static string[] Args(string verb, string source, PgScratchDatabase pg, string map, params string[] extra) =>
        ["tenant", verb, "--source", source, "--target", pg.Uri.ToUnmaskedString(), "--tenant-column", "company_id", "--tenant", "2", "--routing-map", map, .. extra];

    [Fact]
    public async Task A_tenant_moved_into_PostgreSQL_rolls_back_with_every_write_it_made_there_while_another_tenant_writes_and_its_slot_goes()
    {
        await using var pg = await PgScratchDatabase.CreateAsync();
        WriteInitialMap();
        var tenant1 = await TenantRowsAsync(SourceDb, 1);
        var move = await CliRun.InvokeAsync(Args("move", Source, pg, MapPath));
        Assert.True(move.ExitCode == 0, move.StdErr);
        Assert.Equal(1L, await SlotsAsync(pg));
        Assert.NotNull(await StatusSlotAsync(pg));

        // The target hands out ids from a range of its own (as one serving other tenants does: the move only puts its
        // identities past the source's ids, and the source goes on handing out the next ones to its other tenants).
        var s = SourceDb.Name;
        await pg.ExecuteAsync($"ALTER TABLE \"{s}\".orders ALTER COLUMN id RESTART WITH 500000");
        await pg.ExecuteAsync($"ALTER TABLE \"{s}\".order_items ALTER COLUMN id RESTART WITH 5000000");

        // Tenant 2 writes on PostgreSQL: an order and its item with ids the target hands out, updates, deletes (of a
        // tenant table and of an FK-path table: pgoutput sends their old rows as the key alone).
        var newOrder = long.Parse((await pg.RowsAsync($"INSERT INTO \"{s}\".orders (company_id, total) VALUES (2, 3.25) RETURNING id"))[0][0]!, CultureInfo.InvariantCulture);
        await pg.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO \"{s}\".order_items (order_id, sku) VALUES ({newOrder}, 'new')"));
        await pg.ExecuteAsync($"UPDATE \"{s}\".orders SET total = 777.77 WHERE id = 2001");
        await pg.ExecuteAsync($"UPDATE \"{s}\".order_items SET sku = 'changed' WHERE id = 20030");
        await pg.ExecuteAsync($"DELETE FROM \"{s}\".order_items WHERE order_id = 2002");
        await pg.ExecuteAsync($"DELETE FROM \"{s}\".orders WHERE id = 2002");
        var pgMax = long.Parse((await pg.RowsAsync($"SELECT max(id) FROM \"{s}\".orders"))[0][0]!, CultureInfo.InvariantCulture);

        // Tenant 1 keeps writing on the source throughout the rollback.
        using var stop = new CancellationTokenSource();
        var written = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await SourceDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (1, 1.00)");
                written.Enqueue(await CountAsync(SourceDb, "SELECT MAX(id) FROM orders WHERE company_id = 1"));
            }
        });
        await Waiting.UntilAsync(() => Task.FromResult(!written.IsEmpty), TimeSpan.FromMinutes(1), "tenant 1 writing");

        var rollback = await CliRun.InvokeAsync(Args("rollback", Source, pg, MapPath, "--json"));
        await stop.CancelAsync();
        await writer;

        Assert.True(rollback.ExitCode == 0, rollback.StdErr);
        using (var json = JsonDocument.Parse(rollback.StdOut))
        {
            Assert.True(json.RootElement.GetProperty("freeze_ms").GetInt64() >= 0);
            var checksums = json.RootElement.GetProperty("checksums").EnumerateArray().ToDictionary(e => e.GetProperty("table").GetString()!, e => (e.GetProperty("equal").GetBoolean(), e.GetProperty("rows").GetInt64()));
            Assert.Equal((true, (long)SeedOrders), checksums["orders"]);
            Assert.Equal((true, (2L * SeedOrders) - 1), checksums["order_items"]);
        }

        Assert.Equal(RoutingPrimary.Source, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
        Assert.Equal("3.25", (await SourceDb.RowsAsync(string.Create(CultureInfo.InvariantCulture, $"SELECT total FROM orders WHERE id = {newOrder} AND company_id = 2")))[0][0]);
        Assert.Equal(1L, await CountAsync(SourceDb, string.Create(CultureInfo.InvariantCulture, $"SELECT COUNT(*) FROM order_items WHERE order_id = {newOrder} AND sku = 'new'")));
        Assert.Equal("777.77", (await SourceDb.RowsAsync("SELECT total FROM orders WHERE id = 2001"))[0][0]);
        Assert.Equal("changed", (await SourceDb.RowsAsync("SELECT sku FROM order_items WHERE id = 20030"))[0][0]);
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM orders WHERE id = 2002"));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM order_items WHERE order_id = 2002"));
        Assert.Equal((1L, (long)SeedOrders, (2L * SeedOrders) - 1), await TenantRowsAsync(SourceDb, 2));

        // The source's AUTO_INCREMENT was moved past the ids PostgreSQL handed out.
        await SourceDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (2, 4.00)");
        Assert.True(await CountAsync(SourceDb, "SELECT MAX(id) FROM orders WHERE company_id = 2") > pgMax);

        // Tenant 1 lost nothing; no freeze trigger, no slot, no publication is left on PostgreSQL.
        Assert.Equal((long)written.Count, await CountAsync(SourceDb, $"SELECT COUNT(*) FROM orders WHERE company_id = 1 AND id IN ({string.Join(",", written)})"));
        Assert.True(await CountAsync(SourceDb, "SELECT COUNT(*) FROM orders WHERE company_id = 1") >= tenant1.Orders + written.Count);
        Assert.Equal(0L, await SlotsAsync(pg));
        Assert.Equal("0", (await pg.RowsAsync("SELECT count(*) FROM pg_publication WHERE pubname LIKE 'godwit%'"))[0][0]);
        Assert.Equal("0", (await pg.RowsAsync("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'godwit_tf_%'"))[0][0]);
        Assert.Null(await StatusSlotAsync(pg));
    }

    [Fact]
    public async Task A_rollback_that_would_overwrite_another_tenants_row_with_the_same_id_is_refused_and_changes_nothing()
    {
        await using var pg = await PgScratchDatabase.CreateAsync();
        WriteInitialMap();
        var move = await CliRun.InvokeAsync(Args("move", Source, pg, MapPath));
        Assert.True(move.ExitCode == 0, move.StdErr);
        var map = File.ReadAllText(MapPath);

        // Both databases hand out the id after the source's highest: tenant 2 gets it on PostgreSQL, tenant 1 on the source.
        var s = SourceDb.Name;
        var onTarget = long.Parse((await pg.RowsAsync($"INSERT INTO \"{s}\".orders (company_id, total) VALUES (2, 3.25) RETURNING id"))[0][0]!, CultureInfo.InvariantCulture);
        await SourceDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (1, 9.99)");
        Assert.Equal(onTarget, await CountAsync(SourceDb, "SELECT MAX(id) FROM orders WHERE company_id = 1"));

        var rollback = await CliRun.InvokeAsync(Args("rollback", Source, pg, MapPath));

        Assert.Equal(1, rollback.ExitCode);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"orders: 1 key(s) of the tenant already on the target (id = {onTarget})"), rollback.StdErr, StringComparison.Ordinal);
        Assert.Equal(map, File.ReadAllText(MapPath));
        Assert.Equal("9.99", (await SourceDb.RowsAsync(string.Create(CultureInfo.InvariantCulture, $"SELECT total FROM orders WHERE id = {onTarget} AND company_id = 1")))[0][0]);
        Assert.Equal("0", (await pg.RowsAsync("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'godwit_tf_%'"))[0][0]);
        await pg.ExecuteAsync($"INSERT INTO \"{s}\".orders (company_id, total) VALUES (2, 1.00)");
    }

    [Fact]
    public async Task The_purge_of_a_tenant_moved_into_PostgreSQL_drops_its_reverse_slot_and_a_rollback_is_refused_after()
    {
        await using var pg = await PgScratchDatabase.CreateAsync();
        WriteInitialMap();
        var move = await CliRun.InvokeAsync(Args("move", Source, pg, MapPath));
        Assert.True(move.ExitCode == 0, move.StdErr);
        Assert.Equal(1L, await SlotsAsync(pg));

        var purge = await CliRun.InvokeAsync(Args("purge", Source, pg, MapPath));

        Assert.True(purge.ExitCode == 0, purge.StdErr);
        Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(SourceDb, 2));
        Assert.Equal(0L, await SlotsAsync(pg));
        Assert.Null(await StatusSlotAsync(pg));
        var rollback = await CliRun.InvokeAsync(Args("rollback", Source, pg, MapPath));
        Assert.Equal(2, rollback.ExitCode);
        Assert.Equal(0L, await SlotsAsync(pg));
    }

    private static async Task<long> SlotsAsync(PgScratchDatabase pg) =>
        long.Parse((await pg.RowsAsync($"SELECT count(*) FROM pg_replication_slots WHERE database = '{pg.Name}'"))[0][0]!, CultureInfo.InvariantCulture);

    /// <summary>The reverse slot <c>tenant status</c> shows for tenant 2 (null: none).</summary>
    private async Task<string?> StatusSlotAsync(PgScratchDatabase pg)
    {
        var status = await CliRun.InvokeAsync(["tenant", "status", "--target", pg.Uri.ToUnmaskedString(), "--target-schema", SourceDb.Name, "--routing-map", MapPath, "--tenant", "2", "--json"]);
        Assert.True(status.ExitCode == 0, status.StdErr);
        using var json = JsonDocument.Parse(status.StdOut);
        var row = json.RootElement.GetProperty("tenants")[0];
        return row.GetProperty("reverse_slot").ValueKind == JsonValueKind.Null ? null : row.GetProperty("reverse_slot").GetString();
    }
}
