using Godwit.Cli.Tests.Sync;
using Godwit.Routing;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

/// <summary><c>tenant move</c> killed -9 at a step (as soon as it announces it), then run again to the end.</summary>
[Collection("Tenant moves")]
public sealed class TenantKillTests : TenantTestBase
{
    [Theory]
    [InlineData("copy")]
    [InlineData("stream")]
    [InlineData("drain")]
    [InlineData("unfreeze")]
    [InlineData("purge")]
    public async Task A_tenant_move_killed_at_a_step_finishes_when_run_again_with_nothing_lost_or_left_frozen(string step)
    {
        WriteInitialMap();
        using (var first = SyncProcess.Start(MoveArgs(2, "--purge", "--batch-rows", "7")))
        {
            await Waiting.UntilAsync(() => Task.FromResult(first.StdErr.Contains($"tenant 2: {step}", StringComparison.Ordinal) || first.HasExited), TimeSpan.FromMinutes(2), $"tenant move at {step}");
            first.Kill();
        }

        // A write of another tenant goes through whatever the kill left behind.
        await SourceDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (1, 5.00)");

        var again = await MoveAsync(2, "--purge", "--batch-rows", "7");

        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
        Assert.Equal((1L, (long)SeedOrders, 2L * SeedOrders), await TenantRowsAsync(TargetDb, 2));
        Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(SourceDb, 2));
        Assert.Equal((0L, 0L, 0L), await TenantRowsAsync(TargetDb, 1));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
    }
}
