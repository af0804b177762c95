using Godwit.Core.Connections;
using Godwit.Demo.Seeding;
using Godwit.Demo.Traffic;
using Godwit.Routing;
using Godwit.Testing;

namespace Godwit.Demo.Tests;

/// <summary>
/// Scratch databases on both servers, a working directory, and an app account of this test's own (accounts are
/// server-wide, so the name is unique); all removed afterwards. The testbed's read-only lock is held throughout: the
/// app account is a plain one, so a cutover test's freeze (read_only is global) would stop its writes mid-test.
/// </summary>
public abstract class DemoTestBase : ScratchDatabases
{
    private SourceFreezeLock? _freezeLock;

    protected string AppUser { get; } = "gw_app_" + Guid.NewGuid().ToString("N")[..10];

    protected string AppPassword { get; } = Guid.NewGuid().ToString("N");

    protected string WorkDirectory { get; } = Directory.CreateTempSubdirectory("godwit-demo-test-").FullName;

    protected string RoutingPath => Path.Combine(WorkDirectory, "routing.json");

    protected string LedgerPath => Path.Combine(WorkDirectory, "ledger.jsonl");

    /// <summary>The app's URI: its own account on the scratch database.</summary>
    protected ConnectionUri AppUri => DemoAppAccount.AppUri(MySql.Uri, AppUser, AppPassword);

    public override async Task InitializeAsync()
    {
        _freezeLock = await SourceFreezeLock.AcquireAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await DemoAppAccount.DropAsync(MySql.Server, AppUser, CancellationToken.None);
            await base.DisposeAsync();
            Directory.Delete(WorkDirectory, recursive: true);
        }
        finally
        {
            if (_freezeLock is not null)
            {
                await _freezeLock.DisposeAsync();
            }
        }
    }

    /// <summary>Seeds the scratch database at a small scale and creates the app account.</summary>
    protected async Task<SeedReport> SeedAsync(double scale = 0.04, int seed = 42)
    {
        var report = await DemoDatabase.CreateAsync(MySql.Uri, scale, seed, CancellationToken.None);
        await DemoAppAccount.CreateAsync(MySql.Uri, AppUser, AppPassword, CancellationToken.None);
        return report;
    }

    protected void WriteRouting(RoutingPrimary primary, long version) =>
        RoutingFile.Write(RoutingPath, new RoutingState { Primary = primary, Version = version, SwitchedAt = version == 0 ? null : DateTimeOffset.UtcNow });

    protected BookingTrafficOptions Traffic(double rate = 40, int workers = 3, TimeSpan? duration = null) => new()
    {
        RoutingFile = RoutingPath,
        Source = AppUri,
        Target = Postgres.Uri,
        TargetSchema = MySql.Name,
        LedgerPath = LedgerPath,
        Rate = rate,
        Workers = workers,
        Duration = duration,
        Seed = 7,
    };

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

    /// <summary>The first value of a one-row query on the scratch MariaDB database, as text.</summary>
    protected async Task<string?> MySqlScalarAsync(string sql) => (await MySql.RowsAsync(sql)).Single()[0];
}
