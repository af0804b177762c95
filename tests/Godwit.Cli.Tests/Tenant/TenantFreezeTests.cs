using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Godwit.Core.Tenants;
using Godwit.Core.Types;
using Godwit.MySql;
using Godwit.Providers;
using Godwit.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

/// <summary>The per-tenant freeze, acted on at an exact step of <see cref="TenantMove"/> (in-process, against the testbed).</summary>
[Collection("Tenant moves")]
public sealed class TenantFreezeTests : TenantTestBase
{
    [Fact]
    public async Task The_freeze_refuses_only_the_moved_tenants_writes_while_another_tenant_keeps_writing()
    {
        WriteInitialMap();
        Exception? refused = null;
        var otherWrote = false;
        var move = await MoveOf(2, async (step, ct) =>
        {
            if (step != "verify")
            {
                return;
            }

            await using var connection = await SourceDb.OpenAsync(ct);
            refused = await Record.ExceptionAsync(() => connection.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (2, 1.00)", ct));
            await connection.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (1, 1.00)", ct);
            var item = await Record.ExceptionAsync(() => connection.ExecuteAsync("INSERT INTO order_items (order_id, sku) VALUES (2001, 'frozen')", ct));
            Assert.NotNull(item);
            await connection.ExecuteAsync("INSERT INTO order_items (order_id, sku) VALUES (1001, 'free')", ct);
            otherWrote = true;
        });

        var result = await move.RunAsync(CancellationToken.None);

        var error = Assert.IsType<MySqlException>(refused);
        Assert.True(RetryableErrors.IsMySqlTenantFrozen(error.ErrorCode, error.Message), error.Message);
        Assert.True(otherWrote);
        Assert.True(result.FreezeMs >= 0);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(MapPath)!.RouteFor("2").Primary);
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
    }

    [Fact]
    public async Task A_failure_during_the_freeze_unfreezes_the_tenant_and_leaves_the_map_as_it_was()
    {
        WriteInitialMap();
        var before = File.ReadAllText(MapPath);
        var move = await MoveOf(2, (step, _) => step == "switch" ? throw new InvalidOperationException("injected failure at the switch") : Task.CompletedTask);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => move.RunAsync(CancellationToken.None));

        Assert.Contains("injected", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(MapPath));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
        await SourceDb.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (2, 3.00)");
    }

    [Fact]
    public async Task A_tenant_row_changed_on_the_target_behind_godwits_back_is_caught_by_the_checksums_before_the_switch()
    {
        WriteInitialMap();
        var before = File.ReadAllText(MapPath);
        var move = await MoveOf(2, async (step, ct) =>
        {
            if (step == "verify")
            {
                // Same row counts, other values: only a checksum sees it (an order, and an item reached through its order).
                await TargetDb.ExecuteAsync("UPDATE orders SET total = 999.99 WHERE id = 2003");
                await TargetDb.ExecuteAsync("UPDATE order_items SET sku = 'tampered' WHERE id = 20050");
            }
        });

        var failure = await Assert.ThrowsAsync<TenantMoveException>(() => move.RunAsync(CancellationToken.None));

        Assert.Contains("checksums differ", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Message.Contains("orders: id=2003 differs in total", StringComparison.Ordinal), failure.Message);
        Assert.True(failure.Message.Contains("order_items: id=20050 differs in sku", StringComparison.Ordinal), failure.Message);
        Assert.Equal(before, File.ReadAllText(MapPath));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
    }

    [Fact]
    public async Task After_the_switch_a_write_of_the_tenant_still_routed_to_the_source_is_refused_there_during_the_hold_so_it_is_retried_on_the_target()
    {
        WriteInitialMap();
        Exception? refused = null;
        RoutingPrimary? routedDuringHold = null;
        var move = await MoveOf(2, async (step, ct) =>
        {
            if (step != "hold")
            {
                return;
            }

            routedDuringHold = RoutingFile.Read(MapPath)!.RouteFor("2").Primary;
            await using var connection = await SourceDb.OpenAsync(ct);
            refused = await Record.ExceptionAsync(() => connection.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (2, 7.00)", ct));
            await connection.ExecuteAsync("INSERT INTO orders (company_id, total) VALUES (1, 7.00)", ct);
        });

        await move.RunAsync(CancellationToken.None);

        Assert.Equal(RoutingPrimary.Target, routedDuringHold);
        var error = Assert.IsType<MySqlException>(refused);
        Assert.True(RetryableErrors.IsMySqlTenantFrozen(error.ErrorCode, error.Message), error.Message);
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM orders WHERE company_id = 2 AND total = 7.00"));
        Assert.Equal(0L, await CountAsync(SourceDb, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
    }

    private async Task<TenantMove> MoveOf(int tenant, Func<string, CancellationToken, Task> onStep)
    {
        var source = ProviderRegistry.Source(SourceDb.Uri);
        var target = ProviderRegistry.Target(TargetDb.Uri);
        var db = await source.IntrospectAsync(CancellationToken.None);
        var plan = TenantPlanner.Plan(db, new TenantPlanRequest { TenantColumn = "company_id", Tenant = tenant.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var spec = new MigrationSpec
        {
            IncludeTables = [.. plan.Moving.Select(t => $"{db.Name}.{t.Table}")],
            Options = new MigrationOptions { TargetSchema = TargetDb.Name },
        };
        var mapper = SchemaMappers.For(SourceDb.Uri.Engine, TargetDb.Uri.Engine);
        var (_, schema) = mapper.Map(SchemaPlanner.Filter(db, spec), spec);
        return new TenantMove(
            source,
            target,
            new TenantMoveOptions
            {
                Plan = plan,
                Database = db,
                Schema = schema,
                Mapper = mapper,
                Spec = spec,
                RoutingMap = MapPath,
                SourceDisplay = SourceDb.Uri.ToString(),
                TargetDisplay = TargetDb.Uri.ToString(),
            },
            NullLogger.Instance)
        {
            OnStep = onStep,
        };
    }
}
