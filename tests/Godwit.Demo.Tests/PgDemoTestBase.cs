using Godwit.Core.Connections;
using Godwit.Demo.Seeding;
using Godwit.Demo.Traffic;
using Godwit.Routing;
using Godwit.Testing;

namespace Godwit.Demo.Tests;

/// <summary>
/// The demo with a PostgreSQL source: a scratch source database (the booking tables in schema <see cref="Schema"/>, as
/// the demo keeps them in a schema of their own), a scratch target database, a working directory and an app role of
/// this test's own (roles are server-wide, so the name is unique); all removed afterwards. MariaDB is not involved, so
/// the testbed's read-only lock is not needed.
/// </summary>
public abstract class PgDemoTestBase : IAsyncLifetime
{
    protected const string Schema = "booking";

    private PgScratchDatabase? _source;
    private PgScratchDatabase? _target;

    protected PgScratchDatabase SourceDb => _source ?? throw new InvalidOperationException("not initialized");

    protected PgScratchDatabase TargetDb => _target ?? throw new InvalidOperationException("not initialized");

    /// <summary>The source as godwit's PostgreSQL source URI names it, as the testbed's superuser: database and <c>?schema=</c>.</summary>
    protected ConnectionUri SourceAdmin => WithSchema(SourceDb.Uri);

    /// <summary>The target database (same schema name), as the testbed's superuser.</summary>
    protected ConnectionUri TargetAdmin => WithSchema(TargetDb.Uri);

    protected string AppUser { get; } = "gw_app_" + Guid.NewGuid().ToString("N")[..10];

    protected string AppPassword { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The app's URI: its own role on the source database and schema.</summary>
    protected ConnectionUri AppUri => PgDemoAppAccount.AppUri(SourceAdmin, AppUser, AppPassword);

    protected string WorkDirectory { get; } = Directory.CreateTempSubdirectory("godwit-demo-pg-test-").FullName;

    protected string RoutingPath => Path.Combine(WorkDirectory, "routing.json");

    protected string LedgerPath => Path.Combine(WorkDirectory, "ledger.jsonl");

    public virtual async Task InitializeAsync()
    {
        _source = await PgScratchDatabase.CreateAsync();
        _target = await PgScratchDatabase.CreateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }

        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        // Once both databases are gone (a migrated copy of the schema carries the role's grants too), so is every grant.
        await PgDemoAppAccount.DropAsync(TestServers.Postgres, AppUser, CancellationToken.None);
        Directory.Delete(WorkDirectory, recursive: true);
    }

    /// <summary>Seeds the source at a small scale and creates the app role.</summary>
    protected async Task<SeedReport> SeedAsync(double scale = 0.04, int seed = 42)
    {
        var report = await PgDemoDatabase.CreateAsync(SourceAdmin, scale, seed, CancellationToken.None);
        await PgDemoAppAccount.CreateAsync(SourceAdmin, AppUser, AppPassword, CancellationToken.None);
        return report;
    }

    protected void WriteRouting(RoutingPrimary primary, long version) =>
        RoutingFile.Write(RoutingPath, new RoutingState { Primary = primary, Version = version, SwitchedAt = version == 0 ? null : DateTimeOffset.UtcNow });

    /// <summary>The app on the PostgreSQL source as its role; the target schema is the source's (no --target-schema).</summary>
    protected BookingTrafficOptions Traffic(double rate = 40, int workers = 3, TimeSpan? duration = null) => new()
    {
        RoutingFile = RoutingPath,
        Source = AppUri,
        Target = TargetDb.Uri,
        LedgerPath = LedgerPath,
        Rate = rate,
        Workers = workers,
        Duration = duration,
        Seed = 7,
    };

    /// <summary>The first value of a one-row query on the source database, as text.</summary>
    protected async Task<string?> SourceScalarAsync(string sql) => (await SourceDb.RowsAsync(sql)).Single()[0];

    /// <summary>Polls until <paramref name="condition"/> holds, up to <paramref name="timeout"/>.</summary>
    protected static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    private static ConnectionUri WithSchema(ConnectionUri uri) => ConnectionUri.Parse(uri.ToUnmaskedString() + "?schema=" + Schema);
}
