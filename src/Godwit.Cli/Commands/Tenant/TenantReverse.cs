using Godwit.Cli.Cutover;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Core.Tenants;
using Godwit.Providers;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>
/// A tenant move the other way round, composed from providers as the whole-database rollback composes its endpoints
/// (<see cref="ReverseEndpoints"/>): the target read as a source of its target schema, the source written as a target of
/// its own database, the tenant's way back (<see cref="TenantWayBack"/>) and the reverse model for <see cref="TenantRollback"/>.
/// </summary>
public sealed record TenantReverse(ISourceProvider TargetAsSource, ITargetProvider SourceAsTarget, TenantWayBack WayBack, MigrationSpec Spec)
{
    /// <summary>
    /// The way back of <paramref name="setup"/>'s move, or null where it is not built yet: a PostgreSQL source. Into a
    /// PostgreSQL target, the reverse stream reads a replication slot there, kept from the switch until the tenant is
    /// purged or rolled back (<see cref="TenantWayBack.EndAsync"/> drops it), and the rollback freezes the tenant there
    /// with its own triggers.
    /// </summary>
    public static TenantReverse? For(TenantSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.SourceUri.Engine != DatabaseEngine.MySql || setup.TargetUri.Engine is not (DatabaseEngine.MySql or DatabaseEngine.Postgres))
        {
            return null;
        }

        var targetSchema = setup.Schema.TargetSchema;
        var sourceDb = setup.Source.Schema;
        var spec = ReverseEndpoints.ReverseSpec(setup.SourceUri, setup.Spec) with
        {
            IncludeTables = [.. setup.Plan.Moving.Select(t => $"{targetSchema}.{setup.Filters().Mapping(t.Table).Name}")],
        };
        var reader = ProviderRegistry.Source(ReverseEndpoints.TargetAsSource(setup.TargetUri, targetSchema));
        var back = ProviderRegistry.Target(ReverseEndpoints.SourceAsTarget(setup.SourceUri));
        var stream = TenantWayBack.NameFor(TenantMoveOptions.StreamFor(targetSchema, setup.Plan.Tenant));
        var reverse = new ReverseStream(reader, back.Stream(spec), back.Control, stream, targetSchema, sourceDb);
        var key = StreamKeys.Of(back.Stream(spec), stream);
        return new TenantReverse(reader, back, new TenantWayBack(reverse, back.Stream(spec), back.Control, ct => reader.ForgetStreamAsync(key, ct)), spec);
    }

    /// <summary>
    /// The rollback's options: the target's tables as the writer's model, mapped into the source's database. The
    /// tenant plan is the move's (a MySQL target's tables carry the source's names and columns).
    /// </summary>
    public async Task<TenantMoveOptions> OptionsAsync(TenantSetup setup, string routingMap, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var targetDb = await TargetAsSource.IntrospectAsync(ct);
        var mapper = SchemaSupport.Mapper(ReverseEndpoints.TargetAsSource(setup.TargetUri, setup.Schema.TargetSchema), ReverseEndpoints.SourceAsTarget(setup.SourceUri));
        var (_, schema) = SchemaSupport.Plan(mapper, SchemaSupport.Filter(targetDb, Spec), Spec);
        var missing = setup.Plan.Moving.Where(t => schema.Tables.All(m => !string.Equals(m.Source.Name, t.Table, StringComparison.Ordinal))).Select(t => t.Table).ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"tenant {setup.Plan.Tenant}: the target schema {setup.Schema.TargetSchema} has no table {string.Join(", ", missing)} any more; nothing was rolled back.");
        }

        return new TenantMoveOptions
        {
            Plan = setup.Plan,
            Database = targetDb,
            Schema = schema,
            Mapper = mapper,
            Spec = Spec,
            RoutingMap = routingMap,
            SourceDisplay = setup.TargetUri.ToString(),
            TargetDisplay = setup.SourceUri.ToString(),
        };
    }

    /// <summary>
    /// The rollback's checksums in the move's orientation where the target is PostgreSQL: MySQL source → PostgreSQL
    /// target, each side with the tenant's predicate (the pair whose canonical row hashes the move compares); null
    /// (target → source) for a MySQL target.
    /// </summary>
    public static Func<CancellationToken, Task<IReadOnlyList<TenantTableChecksum>>>? Checksums(TenantSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.TargetUri.Engine != DatabaseEngine.Postgres)
        {
            return null;
        }

        return async ct =>
        {
            await using var from = setup.Source.VerifyEndpoint();
            await using var to = setup.Target.VerifyEndpoint();
            return await TenantChecksums.CompareAsync(setup.Plan, setup.Filters(), from, to, ct);
        };
    }
}
