using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Dashboard;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Core.Verify;
using Godwit.Postgres.Control;
using Godwit.Postgres.Dashboard;
using Godwit.Postgres.Copy;
using Godwit.Postgres.Schema;
using Godwit.Postgres.Streaming;
using Godwit.Postgres.Verify;

namespace Godwit.Postgres;

/// <summary>A PostgreSQL database (the URI names it) as a migration's target.</summary>
public sealed class PgTargetProvider(ConnectionUri target) : ITargetProvider
{
    private readonly ConnectionUri _target = target ?? throw new ArgumentNullException(nameof(target));

    public async Task<SchemaApplyResult> ApplySchemaAsync(PgSchemaPlan plan, IfExistsMode ifExists, IReadOnlyList<DdlPhase> phases, CancellationToken cancellationToken)
    {
        await using var pg = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        return await PgSchemaApplier.ApplyAsync(pg, plan, ifExists, [.. phases], cancellationToken);
    }

    public async Task<IReadOnlyList<RehearsalFailure>> RehearseAsync(IReadOnlyList<DdlStatement> statements, CancellationToken cancellationToken)
    {
        await using var pg = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        return await PgSchemaRehearsal.RunAsync(pg, statements, cancellationToken);
    }

    public async Task<TargetFacts> GatherFactsAsync(string schema, CancellationToken cancellationToken)
    {
        await using var pg = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        return await PgTargetFacts.GatherAsync(pg, schema, cancellationToken);
    }

    public async Task<IReadOnlyList<StreamReport>> StreamReportsAsync(CancellationToken cancellationToken)
    {
        await using var pg = await PgConnectionFactory.OpenAsync(_target, cancellationToken);
        return await PgStreamReports.ReadAsync(pg, cancellationToken);
    }

    public IMigrationStateReader StateReader() => new PgMigrationStateReader(_target);

    public IStreamTarget Stream(MigrationSpec spec) => new PgStreamTarget(_target, spec);

    public ICopySink CopySink(int jobs) => new PgCopySink(_target, jobs);

    public ITargetControl Control() => new PgTargetControl(_target);

    public IVerifyEndpoint VerifyEndpoint() => new PgVerifyEndpoint(_target);

    public Core.Tenants.ITenantTarget TenantTarget() => new Tenants.PgTenantTarget(_target);

    public IVerifyStore VerifyStore() => new PgVerifyProgressStore(_target);
}
