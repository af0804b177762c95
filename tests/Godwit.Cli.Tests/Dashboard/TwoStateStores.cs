using Godwit.Postgres.State;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>A target and an old source, each a scratch PostgreSQL database with Godwit's state schema, for the dashboard's reads of both sides.</summary>
public abstract class TwoStateStores : IAsyncLifetime
{
    private protected PgScratchDatabase TargetDb { get; private set; } = null!;

    private protected PgScratchDatabase SourceDb { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TargetDb = await PgScratchDatabase.CreateAsync();
        SourceDb = await PgScratchDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await TargetDb.DisposeAsync();
        await SourceDb.DisposeAsync();
    }

    /// <summary>Makes the state schema on both databases.</summary>
    private protected async Task EnsureStateAsync()
    {
        foreach (var db in new[] { TargetDb, SourceDb })
        {
            await using var connection = await db.OpenAsync();
            await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        }
    }
}
