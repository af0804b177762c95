using System.Globalization;
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
        var schema = SourceDb.Name;
        Assert.Equal(SeedOrders.ToString(CultureInfo.InvariantCulture), (await pg.RowsAsync($"SELECT count(*) FROM \"{schema}\".orders WHERE company_id = 2"))[0][0]);
        Assert.Equal((2 * SeedOrders).ToString(CultureInfo.InvariantCulture), (await pg.RowsAsync($"SELECT count(*) FROM \"{schema}\".order_items"))[0][0]);
        Assert.Equal("0", (await pg.RowsAsync($"SELECT count(*) FROM \"{schema}\".orders WHERE company_id <> 2"))[0][0]);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
        Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(SourceDb, 2));
        Assert.Equal((1L, (long)SeedOrders, 2L * SeedOrders), await TenantRowsAsync(SourceDb, 1));
    }
}
