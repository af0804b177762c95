using Godwit.Core.Assessment;
using Godwit.Core.Dashboard;
using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Godwit.Core.Verify;

namespace Godwit.Core.Providers;

/// <summary>
/// A target database as every command sees it, whatever its engine: schema apply and rehearsal, facts, the change
/// stream's apply, the copy's sink, the cutover's control, verify, and the streams it holds. Made from a URI by the
/// provider registry.
/// </summary>
public interface ITargetProvider
{
    /// <summary>Applies the plan's statements of <paramref name="phases"/>.</summary>
    /// <exception cref="SchemaConflictException">Objects exist already and <paramref name="ifExists"/> says to stop.</exception>
    Task<SchemaApplyResult> ApplySchemaAsync(PgSchemaPlan plan, IfExistsMode ifExists, IReadOnlyList<DdlPhase> phases, CancellationToken cancellationToken);

    /// <summary>Runs the statements in a transaction that is rolled back; what the target refused.</summary>
    Task<IReadOnlyList<RehearsalFailure>> RehearseAsync(IReadOnlyList<DdlStatement> statements, CancellationToken cancellationToken);

    /// <summary>What assess checks about the target.</summary>
    Task<TargetFacts> GatherFactsAsync(string schema, CancellationToken cancellationToken);

    /// <summary>
    /// What assess checks about the target, over every schema the plan's tables land in: the schemas must all exist
    /// (or be creatable), and the relations already there are named as the plan names its tables (<see cref="PgSchemaPlan.KeyOf"/>).
    /// </summary>
    async Task<TargetFacts> GatherFactsAsync(PgSchemaPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        TargetFacts? all = null;
        foreach (var schema in plan.TargetSchemas)
        {
            var facts = await GatherFactsAsync(schema, cancellationToken).ConfigureAwait(false);
            var existing = facts.ExistingRelations.Select(r => plan.KeyOf(schema, r)).ToList();
            all = all is null
                ? facts with { ExistingRelations = existing }
                : all with
                {
                    SchemaExists = all.SchemaExists && facts.SchemaExists,
                    CanCreateInSchema = all.CanCreateInSchema && facts.CanCreateInSchema,
                    ExistingRelations = [.. all.ExistingRelations, .. existing],
                };
        }

        return all ?? await GatherFactsAsync(plan.TargetSchema, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every change stream the target's state store holds, with whether a process applies it now.</summary>
    Task<IReadOnlyList<StreamReport>> StreamReportsAsync(CancellationToken cancellationToken);

    /// <summary>Reads everything the target's state store holds about its migrations (the dashboard).</summary>
    IMigrationStateReader StateReader();

    /// <summary>The change stream's target.</summary>
    IStreamTarget Stream(MigrationSpec spec);

    /// <summary>The bulk copy's sink for <paramref name="jobs"/> workers.</summary>
    ICopySink CopySink(int jobs);

    /// <summary>The cutover's control of the target; the caller disposes it.</summary>
    ITargetControl Control();

    /// <summary>Verify's endpoint on the target; the caller disposes it.</summary>
    IVerifyEndpoint VerifyEndpoint();

    /// <summary>Where verify keeps its progress and outcomes; the caller disposes it.</summary>
    IVerifyStore VerifyStore();

    /// <summary>What a tenant move needs of this target (counts, key collisions); an engine without it refuses tenant moves.</summary>
    Tenants.ITenantTarget TenantTarget() => throw new UnsupportedEndpointException("tenant moves into this target engine are not supported yet");
}
