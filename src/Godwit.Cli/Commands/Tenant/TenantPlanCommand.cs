using System.CommandLine;
using Godwit.Core.Tenants;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>
/// <c>godwit tenant plan</c>: what a tenant move would do with every table (filtered by the tenant column, through a
/// foreign-key path, or shared and left alone), the tenant's rows per table, and the key collisions on the target that
/// would refuse the move. Changes nothing.
/// </summary>
public static class TenantPlanCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var options = new TenantOptions();
        var command = new Command("plan", "Show, table by table, which rows a tenant move takes (tenant column, foreign-key path, or shared), the tenant's row counts, and key collisions on the target. Changes nothing.");
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var setup = await TenantSetup.CreateAsync(parse, options, specs, ct);
            return await TenantPlanReport.WriteAsync(console, setup, parse.GetValue(options.Json), ct, parse.GetValue(options.AllowIdOverlap));
        });
        return command;
    }

    public static string Role(TenantTableRole role) => role switch
    {
        TenantTableRole.Tenant => "tenant",
        TenantTableRole.ViaPath => "via-path",
        TenantTableRole.Included => "included",
        _ => "shared",
    };
}
