using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.MySqlTarget;

/// <summary>
/// A MySQL → MySQL migration on the testbed's MariaDB: a scratch source database and a scratch target database,
/// the target named with <c>--target-schema</c> on a URI that names no database, the commands run in-process.
/// </summary>
public abstract class MySqlTargetTestBase : IAsyncLifetime
{
    private MySqlScratchDatabase? _source;
    private MySqlScratchDatabase? _target;

    protected MySqlScratchDatabase SourceDb => _source ?? throw new InvalidOperationException("not initialized");

    protected MySqlScratchDatabase TargetDb => _target ?? throw new InvalidOperationException("not initialized");

    protected string Source => SourceDb.Uri.ToUnmaskedString();

    /// <summary>The server: the target database comes from --target-schema.</summary>
    protected string Target => TargetDb.Server.ToUnmaskedString();

    public virtual async Task InitializeAsync()
    {
        _source = await MySqlScratchDatabase.CreateAsync();
        _target = await MySqlScratchDatabase.CreateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }

    private protected static Task<CliRun> GodwitAsync(params string[] args) => CliRun.InvokeAsync(args);

    private protected Task<CliRun> MigrateAsync(params string[] extra) =>
        GodwitAsync(["migrate", "--source", Source, "--target", Target, "--target-schema", TargetDb.Name, .. extra]);

    private protected Task<CliRun> SyncUntilCaughtUpAsync(params string[] extra) =>
        GodwitAsync(["sync", "--source", Source, "--target", Target, "--target-schema", TargetDb.Name, "--until-caught-up", .. extra]);

    private protected Task<CliRun> VerifyAsync(params string[] extra) =>
        GodwitAsync(["verify", "--source", Source, "--target", Target, "--target-schema", TargetDb.Name, .. extra]);

    /// <summary>The rows of <paramref name="select"/> (which names no database) on both sides, equal and in the same order.</summary>
    protected async Task AssertSameRowsAsync(string select)
    {
        var source = await SourceDb.RowsAsync(select);
        var target = await TargetDb.RowsAsync(select);
        Assert.True(source.Count > 0, $"no rows on the source for: {select}");
        Assert.Equal(Render(source), Render(target));
    }

    /// <summary>The first value of <paramref name="sql"/> on the target, or null while the query fails (a table not made yet).</summary>
    protected async Task<string?> TryTargetScalarAsync(string sql)
    {
        try
        {
            return (await TargetDb.RowsAsync(sql)).FirstOrDefault()?[0];
        }
        catch (Godwit.MySql.MySqlException)
        {
            return null;
        }
    }

    private static string Render(List<string?[]> rows) => string.Join("\n", rows.Select(r => string.Join(" | ", r.Select(v => v ?? "NULL"))));
}
