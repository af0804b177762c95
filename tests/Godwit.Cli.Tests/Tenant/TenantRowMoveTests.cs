using Godwit.Cli.Tests.Sync;
using Godwit.Routing;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

/// <summary>An UPDATE during the move that changes which tenant a row belongs to (its tenant column, or its FK path's parent).</summary>
[Collection("Tenant moves")]
public sealed class TenantRowMoveTests : TenantTestBase
{
    [Fact]
    public async Task A_row_that_moves_into_the_tenant_during_the_stream_is_inserted_on_the_target_and_one_that_moves_out_is_deleted()
    {
        WriteInitialMap();

        // Two orders without items (one per side), so moving them alone keeps every foreign key whole.
        await SourceDb.ExecuteAsync("INSERT INTO orders (id, company_id, total) VALUES (1500, 1, 15.00), (2500, 2, 25.00)");

        // Copied, then stopped right after the copy: the changes below reach the target only through the stream.
        using (var first = SyncProcess.Start(MoveArgs(2)))
        {
            await Waiting.UntilAsync(() => Task.FromResult(first.StdErr.Contains("tenant 2: stream", StringComparison.Ordinal) || first.HasExited), TimeSpan.FromMinutes(2), "tenant move at stream");
            first.Kill();
        }

        Assert.Equal(1L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM orders WHERE id = 2500"));
        await SourceDb.ExecuteAsync("UPDATE orders SET company_id = 2 WHERE id = 1500");
        await SourceDb.ExecuteAsync("UPDATE orders SET company_id = 1 WHERE id = 2500");
        await SourceDb.ExecuteAsync("UPDATE order_items SET order_id = 2001 WHERE id = 10010");
        await SourceDb.ExecuteAsync("UPDATE order_items SET order_id = 1001 WHERE id = 20010");

        var again = await MoveAsync(2);

        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
        Assert.Equal(1L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM orders WHERE id = 1500 AND company_id = 2"));
        Assert.Equal(0L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM orders WHERE id = 2500"));
        Assert.Equal(1L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM order_items WHERE id = 10010 AND order_id = 2001"));
        Assert.Equal(0L, await CountAsync(TargetDb, "SELECT COUNT(*) FROM order_items WHERE id = 20010"));
        Assert.Equal(await TenantRowsAsync(SourceDb, 2), await TenantRowsAsync(TargetDb, 2));
        Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(TargetDb, 1));
    }
}
