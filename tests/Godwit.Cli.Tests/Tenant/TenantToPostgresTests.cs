using System.Globalization;
using Godwit.Cli.Tests.Sync;
using Godwit.Routing;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

/// <summary>A tenant moved from MariaDB into PostgreSQL (the target schema is the source database's name).</summary>
[Collection("Tenant moves")]
public sealed class TenantToPostgresTests : TenantTestBase
{
    [Fact]
    public async Task A_tenant_moves_from_MySQL_into_PostgreSQL_with_its_foreign_key_path_tables_and_is_purged()
    {
        await using var pg = await PgScratchDatabase.CreateAsync();
        WriteInitialMap();

        var run = await CliRun.InvokeAsync(["tenant", "move", "--source", Source, "--target", pg.Uri.ToUnmaskedString(), "--tenant-column", "company_id", "--tenant", "2", "--routing-map", MapPath, "--purge", "--json"]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        using (var json = System.Text.Json.JsonDocument.Parse(run.StdOut))
        {
            // The tenant's rows compared by checksum on both engines, the FK-path table through its path on PostgreSQL.
            var checksums = json.RootElement.GetProperty("checksums").EnumerateArray().ToDictionary(e => e.GetProperty("table").GetString()!, e => (e.GetProperty("equal").GetBoolean(), e.GetProperty("rows").GetInt64()));
            Assert.Equal((true, (long)SeedOrders), checksums["orders"]);
            Assert.Equal((true, 2L * SeedOrders), checksums["order_items"]);
        }

        var schema = SourceDb.Name;
        Assert.Equal(SeedOrders.ToString(CultureInfo.InvariantCulture), (await pg.RowsAsync($"SELECT count(*) FROM \"{schema}\".orders WHERE company_id = 2"))[0][0]);
        Assert.Equal((2 * SeedOrders).ToString(CultureInfo.InvariantCulture), (await pg.RowsAsync($"SELECT count(*) FROM \"{schema}\".order_items"))[0][0]);
        Assert.Equal("0", (await pg.RowsAsync($"SELECT count(*) FROM \"{schema}\".orders WHERE company_id <> 2"))[0][0]);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
        Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(SourceDb, 2));
        Assert.Equal((1L, (long)SeedOrders, 2L * SeedOrders), await TenantRowsAsync(SourceDb, 1));

        // The way back's replication slot on PostgreSQL, made at the switch, went with the purge.
        Assert.Equal("0", (await pg.RowsAsync($"SELECT count(*) FROM pg_replication_slots WHERE database = '{pg.Name}'"))[0][0]);
    }

    [Fact]
    public async Task A_tenant_moved_into_PostgreSQL_has_the_identities_moved_past_the_ids_the_stream_brought()
    {
        await using var pg = await PgScratchDatabase.CreateAsync();
        WriteInitialMap();
        string[] move = ["tenant", "move", "--source", Source, "--target", pg.Uri.ToUnmaskedString(), "--tenant-column", "company_id", "--tenant", "2", "--routing-map", MapPath];

        // Copied (the identity starts where the copy's schema put it), then stopped: the next order reaches the target
        // only through the stream, with the id the source's AUTO_INCREMENT gave it.
        using (var first = SyncProcess.Start(move))
        {
            await Waiting.UntilAsync(() => Task.FromResult(first.StdErr.Contains("tenant 2: stream", StringComparison.Ordinal) || first.HasExited), TimeSpan.FromMinutes(2), "tenant move at stream");
            first.Kill();
        }

        await SourceDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (2, 7.00)");
        var streamed = await CountAsync(SourceDb, "SELECT MAX(id) FROM orders");

        var run = await CliRun.InvokeAsync(move);

        Assert.True(run.ExitCode == 0, run.StdErr);
        var schema = SourceDb.Name;
        Assert.Equal("1", (await pg.RowsAsync(string.Create(CultureInfo.InvariantCulture, $"SELECT count(*) FROM \"{schema}\".orders WHERE id = {streamed}")))[0][0]);

        // The application's first insert on the target after the switch gets a new id, not the streamed one.
        var id = long.Parse((await pg.RowsAsync($"INSERT INTO \"{schema}\".orders (company_id, total) VALUES (2, 8.00) RETURNING id"))[0][0]!, CultureInfo.InvariantCulture);
        Assert.True(id > streamed, $"the target handed out id {id}, not past the streamed {streamed}");
    }
}
