using System.CommandLine;
using Godwit.Cli.Commands.Tenant;

namespace Godwit.Cli.Commands;

/// <summary><c>godwit tenant</c>: tenant moves, one customer at a time between databases, with per-tenant routing (plan, move, rollback, purge, status, list).</summary>
public static class TenantCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var command = new Command("tenant", "Move one tenant at a time between databases, with a per-tenant routing map: plan, move, rollback, purge, status, list.");
        command.Subcommands.Add(TenantPlanCommand.Create(console, specs));
        command.Subcommands.Add(TenantMoveCommand.Create(console, specs));
        command.Subcommands.Add(TenantRollbackCommand.Create(console, specs));
        command.Subcommands.Add(TenantPurgeCommand.Create(console, specs));
        command.Subcommands.Add(TenantStatusCommand.Create("status", console, specs));
        command.Subcommands.Add(TenantStatusCommand.Create("list", console, specs));
        return command;
    }
}
