using System.CommandLine;
using Godwit.Core.Connections;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>The options every <c>godwit tenant</c> subcommand that plans a move shares.</summary>
public sealed class TenantOptions
{
    public TenantOptions()
        : this(CommonOptions.Source(), CommonOptions.Target(), SchemaSupport.TargetSchema(), CommonOptions.Json(), required: true)
    {
    }

    /// <summary>The tenant options of a command that has its own endpoints (assess): optional there, and added by <see cref="AddTenantTo"/>.</summary>
    public TenantOptions(Option<ConnectionUri?> source, Option<ConnectionUri?> target, Option<string?> targetSchema, Option<bool> json, bool required)
    {
        Source = source;
        Target = target;
        TargetSchema = targetSchema;
        Json = json;
        Column.Required = required;
        Tenant.Required = required;
    }

    public Option<ConnectionUri?> Source { get; }

    public Option<ConnectionUri?> Target { get; }

    public Option<string> Column { get; } = new("--tenant-column")
    {
        Description = "The column that holds the tenant id (e.g. company_id); every table with it is filtered by it.",
        HelpName = "COLUMN",
    };

    public Option<string> Tenant { get; } = new("--tenant")
    {
        Description = "The tenant to move (the column's value as the source prints it, e.g. 42).",
        HelpName = "VALUE",
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

    public Option<bool> AllowIdOverlap { get; } = new("--allow-id-overlap")
    {
        Description = "Move even where the target's AUTO_INCREMENT/identity is at or below the ids the source handed out (only if nothing inserts into those tables on the target before the switch).",
    };

    /// <summary>For the commands that switch a tenant (move, rollback); not added by <see cref="AddTo"/>.</summary>
    public Option<TimeSpan> SwitchHold { get; } = CommonOptions.Duration(
        "--switch-hold",
        "After the tenant's map entry is switched, how long the tenant stays frozen on the side it left, so writes still routed there by a map read just before are refused and retried on the new side. Default: 2s.",
        TimeSpan.FromSeconds(2));

    public Option<string?> TargetSchema { get; }

    public Option<bool> Json { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Source);
        command.Options.Add(Target);
        AddTenantTo(command);
        command.Options.Add(TargetSchema);
        command.Options.Add(Json);
    }

    /// <summary>Adds the tenant's own options only (column, value, paths, includes).</summary>
    public void AddTenantTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Column);
        command.Options.Add(Tenant);
        command.Options.Add(Paths);
        command.Options.Add(Include);
        command.Options.Add(AllowIdOverlap);
    }
}
