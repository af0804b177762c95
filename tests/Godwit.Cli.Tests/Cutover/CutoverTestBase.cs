using System.Globalization;
using Godwit.Cli.Cutover;
using Godwit.Cli.Tests.Sync;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Specs;
using Godwit.Routing;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Cutover;

/// <summary>
/// A source database with an application account (plain DML, so read_only stops it), the target kept in step by a
/// background <c>godwit migrate --follow --routing-file</c>, and the testbed's read-only lock held throughout: a
/// cutover freezes the whole (shared) MariaDB server.
/// </summary>
public abstract class CutoverTestBase : SyncTestBase
{
    private SourceFreezeLock? _freezeLock;
    private SyncProcess? _follow;

    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("godwit-cutover-").FullName;

    protected string RoutingPath => Path.Combine(Directory, "routing.json");

    protected string AppUser { get; } = "gwapp_" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    protected const string AppPassword = "app-pw";

    /// <summary>The source as the application sees it: the application account.</summary>
    protected ConnectionUri AppSource => ConnectionUri.Parse($"mysql://{AppUser}:{AppPassword}@{MySql.Uri.Host}:{MySql.Uri.Port}/{MySql.Name}");

    private protected SyncProcess Follow => _follow ?? throw new InvalidOperationException("the stream was not started");

    public override async Task InitializeAsync()
    {
        _freezeLock = await SourceFreezeLock.AcquireAsync();
        await base.InitializeAsync();
        await MySql.ExecuteAsync(
            $"CREATE USER '{AppUser}'@'%' IDENTIFIED BY '{AppPassword}'; GRANT SELECT, INSERT, UPDATE, DELETE ON `{MySql.Name}`.* TO '{AppUser}'@'%'");
    }

    public override async Task DisposeAsync()
    {
        _follow?.Kill();
        _follow?.Dispose();
        try
        {
            await MySql.ExecuteAsync($"DROP USER IF EXISTS '{AppUser}'@'%'");
        }
        finally
        {
            if (_freezeLock is not null)
            {
                await _freezeLock.DisposeAsync();
            }

            await base.DisposeAsync();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>
    /// Starts <c>migrate --follow --routing-file</c> in the background and waits until the stream is applying. It ends
    /// at a cutover (<c>--no-reverse</c>) unless <paramref name="turnaround"/>: then it follows the application both ways.
    /// </summary>
    protected async Task StartFollowAsync(bool turnaround = false)
    {
        _follow = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow", "--server-id", ServerId, "--routing-file", RoutingPath, .. turnaround ? Array.Empty<string>() : ["--no-reverse"]]);
        await WaitForAsync(
            async () => await PgScalarAsync($"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7405923 AND objid = (hashtext('{Schema}')::int8 & 4294967295)::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == "1"
                && File.Exists(RoutingPath),
            TimeSpan.FromSeconds(60),
            "the stream to start:\n" + Follow.StdErr);
    }

    protected CutoverOptions Options(TimeSpan? freezeTimeout = null, string? switchCommand = null, ConnectionUri? target = null, bool dryRun = false) => new()
    {
        Source = MySql.Uri,
        Target = target ?? Postgres.Uri,
        Spec = new MigrationSpec(),
        MaxLag = TimeSpan.FromSeconds(5),
        FreezeTimeout = freezeTimeout ?? TimeSpan.FromSeconds(30),
        Grace = TimeSpan.FromSeconds(1),
        RoutingFile = RoutingPath,
        SwitchCommand = switchCommand,
        DryRun = dryRun,
    };

    protected static Task<CutoverReport> CutOverAsync(CutoverOptions options, RecordingObserver? observer = null) =>
        CutoverEndpoints.RunAsync(options, observer ?? new RecordingObserver(), CancellationToken.None);

    protected async Task<bool> SourceReadOnlyAsync() => (await MySqlRowsAsync("SELECT @@GLOBAL.read_only")).Single()[0] == "1";

    protected RoutingState Routing() => RoutingFile.Read(RoutingPath) ?? throw new InvalidOperationException("no routing file");

    /// <summary>Waits until the stream has applied everything the source has now.</summary>
    protected async Task WaitCaughtUpAsync()
    {
        var head = await SourcePositionAsync();
        await WaitForAsync(
            async () => (await PgRowsAsync($"SELECT binlog_file || ':' || binlog_pos FROM godwit.sync_state WHERE stream = '{Schema}'")).SingleOrDefault()?[0] is { } applied
                && Order(applied).CompareTo(Order(head)) >= 0,
            TimeSpan.FromSeconds(60),
            "the stream to catch up with " + head);
    }

    /// <summary>Records the steps, and runs a test's action just before a chosen step starts.</summary>
    protected sealed class RecordingObserver : ICutoverObserver
    {
        private readonly Dictionary<string, Func<Task>> _before = [];

        public List<CutoverStepResult> Steps { get; } = [];

        public List<string> Lines { get; } = [];

        public RecordingObserver Before(string step, Func<Task> action)
        {
            _before[step] = action;
            return this;
        }

        public async Task StepStartingAsync(string step, CancellationToken cancellationToken)
        {
            if (_before.TryGetValue(step, out var action))
            {
                await action();
            }
        }

        public void StepFinished(CutoverStepResult result)
        {
            lock (Steps)
            {
                Steps.Add(result);
            }
        }

        public void Log(string message)
        {
            lock (Lines)
            {
                Lines.Add(message);
            }
        }
    }
}
