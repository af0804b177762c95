using System.CommandLine;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Tenants;
using Godwit.Core.Types;
using Godwit.Providers;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>A tenant command's endpoints and plan, made from its options: the source model, the tenant plan, and the mapped plan of the moving tables.</summary>
public sealed record TenantSetup(
    ConnectionUri SourceUri,
    ConnectionUri TargetUri,
    ISourceProvider Source,
    ITargetProvider Target,
    SourceDatabase Database,
    TenantPlan Plan,
    MigrationSpec Spec,
    ISchemaMapper Mapper,
    PgSchemaPlan Schema)
{
    public static async Task<TenantSetup> CreateAsync(ParseResult parse, TenantOptions options, SpecResolver specs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(specs);
        var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
        var sourceUri = specs.RequireEndpoint(parse, options.Source, spec, EndpointRole.Source);
        var targetUri = specs.RequireEndpoint(parse, options.Target, spec, EndpointRole.Target);
        var database = SchemaSupport.RequireDatabase(sourceUri);
        var source = ProviderRegistry.Source(sourceUri);
        var target = ProviderRegistry.Target(targetUri);
        var db = await source.IntrospectAsync(ct);
        TenantPlan plan;
        try
        {
            plan = TenantPlanner.Plan(db, new TenantPlanRequest
            {
                TenantColumn = parse.GetValue(options.Column)!,
                Tenant = parse.GetValue(options.Tenant)!,
                Paths = [.. (parse.GetValue(options.Paths) ?? []).Select(TenantPlanRequest.ParseHop)],
                Include = parse.GetValue(options.Include) ?? [],
            });
        }
        catch (TenantPlanException ex)
        {
            throw new CliException(ex.Message);
        }

        spec = spec.OverrideWith(new MigrationSpec
        {
            IncludeTables = [.. plan.Moving.Select(t => $"{database}.{t.Table}")],
            Options = new MigrationOptions
            {
                // A MySQL target's URI may name the target database (db_system2): that is where the tenant goes.
                TargetSchema = parse.GetValue(options.TargetSchema) ?? (targetUri.Engine == DatabaseEngine.MySql ? targetUri.Database : null),
            },
        });
        var mapper = SchemaSupport.Mapper(sourceUri, targetUri);
        var (_, schema) = SchemaSupport.Plan(mapper, SchemaSupport.Filter(db, spec), spec);
        return new TenantSetup(sourceUri, targetUri, source, target, db, plan, spec, mapper, schema);
    }

    public TenantRowFilters Filters() => new(Plan, Database, Schema);
}
