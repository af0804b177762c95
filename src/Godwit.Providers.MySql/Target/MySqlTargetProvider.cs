using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Dashboard;
using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Core.Verify;
using Godwit.MySql;
using Godwit.Providers.MySql.Target.Apply;
using Godwit.Providers.MySql.Target.Copy;
using Godwit.Providers.MySql.Target.Verify;
using Godwit.Providers.MySql.Verify;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// A MySQL/MariaDB server as a migration's target (MySQL → MySQL: upgrades, moves, several databases consolidated into
/// one). The target database is the plan's (<c>--target-schema</c>, else the source database's name); the URI says where
/// to connect. State lives in the <c>godwit</c> database (<see cref="MySqlStateSchema"/>).
/// </summary>
public sealed class MySqlTargetProvider : ITargetProvider
{
    private readonly MySqlTargetSessions _sessions;

    public MySqlTargetProvider(ConnectionUri target)
    {
        _sessions = new MySqlTargetSessions(target);
    }

    public async Task<SchemaApplyResult> ApplySchemaAsync(PgSchemaPlan plan, IfExistsMode ifExists, IReadOnlyList<DdlPhase> phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await using var connection = await _sessions.OpenAsync(cancellationToken);
        return await MySqlSchemaApplier.ApplyAsync(connection, plan, ifExists, [.. phases], cancellationToken);
    }

    /// <summary>
    /// MySQL cannot roll DDL back, so nothing is rehearsed on the target: the statements are the source server's own,
    /// and <c>schema</c> names the statement that fails.
    /// </summary>
    public Task<IReadOnlyList<RehearsalFailure>> RehearseAsync(IReadOnlyList<DdlStatement> statements, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RehearsalFailure>>([]);

    public async Task<TargetFacts> GatherFactsAsync(string schema, CancellationToken cancellationToken)
    {
        await using var connection = await _sessions.OpenAsync(cancellationToken);
        var existing = await MySqlSchemaApplier.ExistingAsync(connection, schema, cancellationToken);
        bool databaseExists;
        await using (var find = await connection.PrepareAsync("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", cancellationToken))
        {
            await using var reader = await find.QueryAsync([schema], cancellationToken);
            databaseExists = await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) > 0;
        }

        return new TargetFacts
        {
            Version = connection.ServerVersion.ToString(),
            Encoding = "utf8mb4",
            SchemaExists = databaseExists,
            CanCreateInDatabase = true,
            CanCreateInSchema = true,
            ExistingRelations = [.. existing.Select(e => e.Name)],
        };
    }

    public async Task<IReadOnlyList<StreamReport>> StreamReportsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _sessions.OpenAsync(cancellationToken);
        return await MySqlSyncStateStore.ReadAllAsync(connection, cancellationToken);
    }

    public IStreamTarget Stream(MigrationSpec spec) => new MySqlStreamTarget(_sessions);

    public ICopySink CopySink(int jobs) => new MySqlCopySink(_sessions);

    public ITargetControl Control() => new MySqlTargetControl(_sessions);

    public IVerifyEndpoint VerifyEndpoint() => new MySqlVerifyEndpoint(_sessions.Settings, targetSide: true);

    public Core.Tenants.ITenantTarget TenantTarget() => new Tenants.MySqlTenantTarget(_sessions.Settings);

    public IVerifyStore VerifyStore() => new MySqlVerifyStore(_sessions);

    public IMigrationStateReader StateReader() => new MySqlMigrationStateReader(_sessions);
}
