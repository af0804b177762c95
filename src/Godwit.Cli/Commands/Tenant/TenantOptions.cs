using System.CommandLine;
using Godwit.Core.Connections;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>The options every <c>godwit tenant</c> subcommand that plans a move shares.</summary>
public sealed class TenantOptions
{
    public Option<ConnectionUri?> Source { get; } = CommonOptions.Source();

    public Option<ConnectionUri?> Target { get; } = CommonOptions.Target();

    public Option<string> Column { get; } = new("--tenant-column")
    {
        Description = "The column that holds the tenant id (e.g. company_id); every table with it is filtered by it.",
        HelpName = "COLUMN",
        Required = true,
    };

    public Option<string> Tenant { get; } = new("--tenant")
    {
        Description = "The tenant to move (the column's value as the source prints it, e.g. 42).",
        HelpName = "VALUE",
        Required = true,
    };

    public Option<string[]> Paths { get; } = new("--tenant-path")
    {
        Description = "CHILD.COLUMN=PARENT.COLUMN: the path of a table whose foreign keys do not lead to a tenant table (repeatable), e.g. audit.order_ref=orders.id.",
        HelpName = "PATH",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Shared tables (neither the column nor a path) to copy whole anyway (repeatable); the others are left alone.",
        HelpName = "TABLE",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> TargetSchema { get; } = SchemaSupport.TargetSchema();

    public Option<bool> Json { get; } = CommonOptions.Json();

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Source);
        command.Options.Add(Target);
        command.Options.Add(Column);
        command.Options.Add(Tenant);
        command.Options.Add(Paths);
        command.Options.Add(Include);
        command.Options.Add(TargetSchema);
        command.Options.Add(Json);
    }
}
