using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Core.Tests.Engines.Memory;
using Godwit.Core.Types;
using Microsoft.Extensions.Logging.Abstractions;

namespace Godwit.Core.Tests.Engines;

/// <summary>The sync engine driven by a provider held in memory: the seam between the engine and MySQL/PostgreSQL is real.</summary>
public sealed class SyncEngineTests
{
    private readonly MemoryStreamSource _source = new(MemoryStreamSource.Shop());
    private readonly MemoryStreamTarget _target = new() { CopyStart = MemoryPositionCodec.At(0) };

    [Fact]
    public async Task Every_source_transaction_is_applied_once_and_its_position_commits_with_its_rows()
    {
        _source.Transaction(Insert(("1", "anvil"), ("2", "rope")));
        _source.Transaction(Update(("1", "anvil"), ("1", "heavy anvil")), Delete(("2", "rope")));
        _source.Transaction(Insert(("3", null)));

        var outcome = await RunAsync(UntilCaughtUp());

        Assert.Equal(SyncOutcome.CaughtUp, outcome);
        Assert.Equal(["1:heavy anvil", "3:"], Committed());
        Assert.Equal(_source.Head, _target.Position);
        Assert.Contains("running", _target.Statuses);
    }

    [Fact]
    public async Task A_source_lost_inside_a_transaction_resumes_from_the_committed_position_and_applies_nothing_twice()
    {
        _source.Transaction(Insert(("1", "a")));
        _source.Transaction(Insert(("2", "b")), Insert(("3", "c")));

        // The first connection reads the first transaction and half the second, then fails.
        _source.LoseConnection = (1, 5);
        var metrics = new SyncMetrics();

        var outcome = await RunAsync(UntilCaughtUp(), metrics);

        Assert.Equal(SyncOutcome.CaughtUp, outcome);
        Assert.Equal(["1:a", "2:b", "3:c"], Committed());
        Assert.Equal(2, _source.Starts.Count);
        Assert.Equal(1, metrics.Reconnects);
    }

    [Fact]
    public async Task A_commit_the_target_loses_is_applied_again_in_full_once()
    {
        _source.Transaction(Insert(("1", "a")));
        _source.Transaction(Insert(("2", "b")));
        _target.LoseCommit = 1;

        var outcome = await RunAsync(UntilCaughtUp());

        Assert.Equal(SyncOutcome.CaughtUp, outcome);
        Assert.Equal(["1:a", "2:b"], Committed());
        Assert.Equal(MemoryPositionCodec.At(0), _source.Starts[1]);
        Assert.Contains(_target.Statuses, s => s.StartsWith("reconnecting: lost the target", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_schema_change_the_target_cannot_make_stops_the_stream_with_everything_before_it_committed()
    {
        _source.Transaction(Insert(("1", "a")));
        var before = _source.Head;
        _source.Append(Schema("ALTER TABLE items ADD COLUMN price INT"));
        _source.Transaction(Insert(("2", "b")));
        _target.SchemaChangeUnsupported = "the target cannot";

        var stopped = await Assert.ThrowsAsync<SyncStoppedException>(() => RunAsync(UntilCaughtUp()));

        Assert.Contains("stopped before the DDL at #4: the target cannot", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(["1:a"], Committed());
        Assert.Equal(before, _target.Position);
    }

    [Fact]
    public async Task A_schema_change_of_another_schema_is_passed_over_and_one_of_ours_is_applied_in_order()
    {
        _source.Transaction(Insert(("1", "a")));
        _source.Append(Schema("ALTER TABLE other.t ADD COLUMN x INT"));
        _source.Append(Schema("ALTER TABLE items ADD COLUMN price INT"));
        _source.Transaction(Insert(("2", "b")));

        var outcome = await RunAsync(UntilCaughtUp());

        Assert.Equal(SyncOutcome.CaughtUp, outcome);
        Assert.Equal(["#5: AddColumn"], _target.SchemaChanges);
        Assert.Equal(["1:a", "2:b"], Committed());
    }

    [Fact]
    public async Task A_cutover_recorded_on_the_target_ends_the_stream_between_transactions()
    {
        _source.Transaction(Insert(("1", "a")));
        _target.Cutover = (1, 42);

        var outcome = await RunAsync(new SyncEngineOptions { Mapper = MySqlToPostgresMapper.Instance, Spec = new MigrationSpec() });

        Assert.Equal(SyncOutcome.CutOver, outcome);
        Assert.Equal(["1:a"], Committed());
        Assert.Equal("stopped", _target.Statuses[^1]);
    }

    [Fact]
    public async Task A_stream_that_was_cut_over_before_it_started_refuses_to_apply_anything()
    {
        _source.Transaction(Insert(("1", "a")));
        _target.Cutover = (0, 42);

        var refused = await Assert.ThrowsAsync<SyncException>(() => RunAsync(UntilCaughtUp()));

        Assert.Contains("was cut over to the target (godwit.cutovers id 42)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_target.Rows);
    }

    [Fact]
    public async Task An_explicit_start_reads_only_what_comes_after_it()
    {
        _source.Transaction(Insert(("1", "a")));
        var after = _source.Head;
        _source.Transaction(Insert(("2", "b")));

        var outcome = await RunAsync(UntilCaughtUp() with { Start = after });

        Assert.Equal(SyncOutcome.CaughtUp, outcome);
        Assert.Equal(["2:b"], Committed());
    }

    [Fact]
    public async Task Changes_to_tables_the_target_does_not_take_move_the_position_without_rows()
    {
        var other = new ChangeTable { Id = 9, Schema = "shop", Name = "audit", Columns = MemoryStreamSource.Items.Columns, PrimaryKey = [0], HasColumnMetadata = true };
        _source.Transaction(new MemoryChangeRows(other, RowChangeKind.Insert, [(null, new MemoryRow("1", "x"))]));

        var outcome = await RunAsync(UntilCaughtUp());

        Assert.Equal(SyncOutcome.CaughtUp, outcome);
        Assert.Empty(_target.Rows);
        Assert.Equal(_source.Head, _target.Position);
    }

    private static SyncEngineOptions UntilCaughtUp() => new() { Mapper = MySqlToPostgresMapper.Instance, Spec = new MigrationSpec(), UntilCaughtUp = true, MaxReconnectDelay = TimeSpan.FromMilliseconds(50) };

    private static MemoryChangeRows Insert(params (string Id, string? Name)[] rows) =>
        new(MemoryStreamSource.Items, RowChangeKind.Insert, [.. rows.Select(r => ((MemoryRow?)null, (MemoryRow?)new MemoryRow(r.Id, r.Name)))]);

    private static MemoryChangeRows Update((string Id, string? Name) before, (string Id, string? Name) after) =>
        new(MemoryStreamSource.Items, RowChangeKind.Update, [(new MemoryRow(before.Id, before.Name), new MemoryRow(after.Id, after.Name))]);

    private static MemoryChangeRows Delete((string Id, string? Name) row) =>
        new(MemoryStreamSource.Items, RowChangeKind.Delete, [(new MemoryRow(row.Id, row.Name), null)]);

    private static ChangeSchema Schema(string statement) => new(statement, "shop", MySqlDdlParser.Parse(statement), endsTransaction: true);

    private async Task<SyncOutcome> RunAsync(SyncEngineOptions options, SyncMetrics? metrics = null)
    {
        var engine = new SyncEngine(options, _source, _target, metrics ?? new SyncMetrics(), NullLogger.Instance);
        return await engine.RunAsync(CancellationToken.None);
    }

    private string[] Committed() => [.. _target.Rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}:{r.Value[1]}")];
}
