using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>
/// A PostgreSQL source database and a PostgreSQL target database (scratch databases on the testbed's server), with the
/// commands run in-process and the tables compared row for row by their text.
/// </summary>
public abstract class PgSourceTestBase : IAsyncLifetime
{
    private PgScratchDatabase? _source;
    private PgScratchDatabase? _target;

    protected PgScratchDatabase SourceDb => _source ?? throw new InvalidOperationException("not initialized");

    protected PgScratchDatabase TargetDb => _target ?? throw new InvalidOperationException("not initialized");

    protected string Source => SourceDb.Uri.ToUnmaskedString();

    protected string Target => TargetDb.Uri.ToUnmaskedString();

    public virtual async Task InitializeAsync()
    {
        _source = await PgScratchDatabase.CreateAsync();
        _target = await PgScratchDatabase.CreateAsync();
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

    private protected Task<CliRun> GodwitAsync(params string[] args) => CliRun.InvokeAsync(args);

    private protected async Task<CliRun> MigrateAsync(params string[] extra)
    {
        var run = await GodwitAsync(["migrate", "--source", Source, "--target", Target, .. extra]);
        return run;
    }

    private protected async Task<CliRun> SyncUntilCaughtUpAsync(params string[] extra) =>
        await GodwitAsync(["sync", "--source", Source, "--target", Target, "--until-caught-up", .. extra]);

    /// <summary>Every row of the table on both sides, as one sorted text each (a row's text is its whole value).</summary>
    protected async Task AssertSameRowsAsync(string table)
    {
        var sql = $"SELECT count(*)::text || ':' || coalesce(md5(string_agg(godwit_row::text, E'\\n' ORDER BY godwit_row::text)), '') FROM {table} AS godwit_row";
        var source = await SourceDb.ScalarAsync<string>(sql);
        var target = await TargetDb.ScalarAsync<string>(sql);
        Assert.True(source == target, $"{table}: source {source}, target {target}");
    }

    protected static Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) => Waiting.UntilAsync(condition, timeout, what);
}
