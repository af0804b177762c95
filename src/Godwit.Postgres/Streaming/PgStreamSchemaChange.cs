using Godwit.Core.Ddl;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Core.Types;
using Godwit.Postgres.Apply;

namespace Godwit.Postgres.Streaming;

/// <summary>
/// Applies one source DDL statement to the target inside the open apply transaction: translated against the source
/// schema after it (<see cref="StatedSourceSchema"/> for the columns it defines) and the target as it is
/// (<see cref="PgDdlTranslator"/>), run between taking down and making again the views that depend on the tables it
/// changes (<see cref="PgDependentViews"/>), then the target's tables read again for the rows that follow.
/// </summary>
internal sealed class PgStreamSchemaChange(MigrationSpec spec, Action<string> log)
{
    /// <summary>The target's tables as the apply needs them: the catalog, FK cascade triggers on, and which tables take net effects.</summary>
    public static async Task<(PgTargetCatalog Catalog, IReadOnlySet<string> NetEligible)> ReadTargetAsync(PgApplySession session, IReadOnlyList<string> schemas, CancellationToken ct)
    {
        var catalog = await session.RunAsync((c, tx, t) => PgTargetCatalog.ReadAsync(c, tx, schemas, t), ct);
        await session.RunAsync(
            async (c, tx, t) =>
            {
                foreach (var schema in schemas)
                {
                    await PgCascadeTriggers.EnableAsync(c, tx, schema, t);
                }

                return true;
            },
            ct);
        var netEligible = await session.RunAsync((c, tx, t) => PgNetChangeEligibility.ReadAsync(c, tx, schemas, t), ct);
        return (catalog, netEligible);
    }

    /// <summary>Translates and runs the statement's actions; the reason instead when it cannot be reproduced (nothing run then).</summary>
    /// <param name="session">The apply session, its transaction open.</param>
    /// <param name="after">The source schema after the statement (introspected now).</param>
    /// <param name="actions">The statement's actions on tables of the migrated database.</param>
    /// <param name="where">The statement's binlog position, for messages.</param>
    public async Task<PgStreamSchemaChangeResult> ApplyAsync(
        PgApplySession session, SourceModel after, IReadOnlyList<SourceDdlAction> actions, string where, CancellationToken ct)
    {
        if (actions.Count > 0 && actions.All(a => a.Kind == SourceDdlKind.Native))
        {
            return await NativeAsync(session, after.Plan.TargetSchemas, actions, ct);
        }

        var schema = after.Plan.TargetSchema;

        var stated = StatedPlan(after, actions, where);
        await session.BeginAsync(ct);
        await session.FlushAsync(ct);
        var catalog = await session.RunAsync((c, tx, t) => PgTargetCatalog.ReadAsync(c, tx, schema, t), ct);
        var definitions = await session.RunAsync((c, tx, t) => PgTargetDefinitions.ReadAsync(c, tx, schema, t), ct);
        var translation = PgDdlTranslator.Translate(actions, after.Plan, stated, catalog, definitions, after.TargetName, after.Selects);
        if (translation.Unsupported is { } reason)
        {
            return new PgStreamSchemaChangeResult(reason, 0, catalog, new HashSet<string>());
        }

        foreach (var warning in translation.Warnings)
        {
            log($"godwit: sync: warning: the DDL at {where}: {warning}");
        }

        var views = await session.RunAsync((c, tx, t) => PgDependentViews.ReadAsync(c, tx, translation.ViewsAround, t), ct);
        await session.RunAsync(
            async (c, tx, t) =>
            {
                await views.DropAsync(c, tx, t);
                return true;
            },
            ct);
        await session.ExecuteAsync(translation.Statements, ct);
        var lost = await session.RunAsync((c, tx, t) => views.RecreateAsync(c, tx!, ViewStatements(after.Plan), t), ct);
        foreach (var view in lost)
        {
            log($"godwit: sync: warning: after the DDL at {where} a view that depends on the changed table could not be made again, and is no longer on the target: {view}");
        }

        var (now, netEligible) = await ReadTargetAsync(session, after.Plan.TargetSchemas, ct);
        return new PgStreamSchemaChangeResult(null, translation.Statements.Count, now, netEligible);
    }

    /// <summary>
    /// A PostgreSQL source's statement, run as the source ran it, under the search_path it ran under (set for the
    /// statement only), in the open apply transaction: it commits with the position, or not at all.
    /// </summary>
    private static async Task<PgStreamSchemaChangeResult> NativeAsync(PgApplySession session, IReadOnlyList<string> schemas, IReadOnlyList<SourceDdlAction> actions, CancellationToken ct)
    {
        await session.BeginAsync(ct);
        await session.FlushAsync(ct);
        var statements = actions.Select(a => (a.Sql!, a.SearchPath ?? string.Empty)).Distinct().ToList();
        foreach (var (sql, searchPath) in statements)
        {
            var before = await session.RunAsync((c, tx, t) => SearchPathAsync(c, tx, null, t), ct);
            await session.RunAsync((c, tx, t) => SearchPathAsync(c, tx, searchPath, t), ct);
            await session.ExecuteAsync([sql], ct);
            await session.RunAsync((c, tx, t) => SearchPathAsync(c, tx, before, t), ct);
        }

        var (now, netEligible) = await ReadTargetAsync(session, schemas, ct);
        return new PgStreamSchemaChangeResult(null, statements.Count, now, netEligible);
    }

    /// <summary>Sets the transaction's search_path to <paramref name="value"/> (null: only reads it); returns it.</summary>
    private static async Task<string> SearchPathAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction? transaction, string? value, CancellationToken ct)
    {
        await using var command = new Npgsql.NpgsqlCommand(
            value is null ? "SELECT pg_catalog.current_setting('search_path')" : "SELECT pg_catalog.set_config('search_path', $1, true)", connection, transaction);
        if (value is not null)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        }

        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The plan of the source schema now with the columns the statement defines as it defines them
    /// (<see cref="StatedSourceSchema"/>), through the same filter, rules and DDL generation as the schema.
    /// </summary>
    private PgSchemaPlan StatedPlan(SourceModel after, IReadOnlyList<SourceDdlAction> actions, string where)
    {
        var stated = StatedSourceSchema.Apply(after.Database, actions);
        if (ReferenceEquals(stated, after.Database))
        {
            return after.Plan;
        }

        try
        {
            return after.Mapper.Map(SchemaPlanner.Filter(stated, spec), spec).Plan;
        }
        catch (CastRuleException ex)
        {
            // A rule of the spec does not fit a column as the statement defines it: the source schema now decides.
            log($"godwit: sync: warning: the columns of the DDL at {where} are taken from the source schema now: {ex.Message}");
            return after.Plan;
        }
    }

    /// <summary>The source's views as the schema translation gives them, by qualified target name.</summary>
    private static Dictionary<string, string> ViewStatements(PgSchemaPlan plan) =>
        plan.Statements
            .Where(s => s.Kind == DdlObjectKind.View)
            .ToDictionary(s => PgIdentifier.Qualify(plan.TargetSchema, s.Object), s => s.Sql, StringComparer.Ordinal);
}
