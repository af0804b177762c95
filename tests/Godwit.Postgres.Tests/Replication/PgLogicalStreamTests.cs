using Godwit.Postgres.Replication;
using Godwit.Testing;
using Npgsql;
using NpgsqlTypes;

namespace Godwit.Postgres.Tests.Replication;

public sealed class PgLogicalStreamTests : IAsyncLifetime
{
    private const string Slot = "godwit_test_slot";
    private const string Publication = "godwit_test_pub";
    private PgScratchDatabase _db = null!;

    private NpgsqlConnectionStringBuilder Settings => PgConnectionFactory.ToConnectionString(_db.Uri);

    public async Task InitializeAsync()
    {
        _db = await PgScratchDatabase.CreateAsync();
        await _db.ExecuteAsync(
            """
            CREATE TABLE items (id int PRIMARY KEY, name text, qty numeric(65,30));
            CREATE TABLE docs (id int PRIMARY KEY, title text, body text);
            ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL;
            CREATE TABLE audit (at int, what text);
            ALTER TABLE audit REPLICA IDENTITY FULL;
            INSERT INTO items VALUES (1, 'before the snapshot', 1);
            """);
        await using var connection = await _db.OpenAsync();
        await PgPublications.CreateAsync(connection, Publication, [("public", "items"), ("public", "docs"), ("public", "audit")], viaPartitionRoot: true, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Changes_after_the_exported_snapshot_arrive_whole_in_commit_order_and_the_snapshot_sees_only_what_came_before()
    {
        NpgsqlLogSequenceNumber start;
        await using (var snapshot = await PgReplicationSlots.CreateWithSnapshotAsync(Settings, Slot, CancellationToken.None))
        {
            start = snapshot.ConsistentPoint;
            await _db.ExecuteAsync("INSERT INTO items VALUES (2, 'after', 0.000000000000000000000000000049)");

            // A copy worker importing the snapshot sees the table as it was when the slot was created.
            await using var worker = await _db.OpenAsync();
            await using var tx = await worker.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
            await using (var set = new NpgsqlCommand($"SET TRANSACTION SNAPSHOT '{snapshot.SnapshotName}'", worker, tx))
            {
                await set.ExecuteNonQueryAsync();
            }

            await using var count = new NpgsqlCommand("SELECT string_agg(id::text, ',' ORDER BY id) FROM items", worker, tx);
            Assert.Equal("1", await count.ExecuteScalarAsync());
        }

        // One transaction each (a multi-statement string would be one implicit transaction).
        await _db.ExecuteAsync("BEGIN; UPDATE items SET name = 'renamed' WHERE id = 2; INSERT INTO items VALUES (3, NULL, -1); COMMIT;");
        await _db.ExecuteAsync("UPDATE items SET id = 20 WHERE id = 2");
        await _db.ExecuteAsync("DELETE FROM items WHERE id = 3");
        await _db.ExecuteAsync("TRUNCATE items");

        var changes = await ReadUntilCommitsAsync(start, commits: 5);
        var rows = changes.OfType<PgRowChange>().Select(Describe).ToList();
        Assert.Equal(
            [
                "Insert items new=[2|after|0.000000000000000000000000000049]",
                "Update items new=[2|renamed|0.000000000000000000000000000049]",
                "Insert items new=[3|∅|-1.000000000000000000000000000000]",
                "Update items old=[2|∅|∅] new=[20|renamed|0.000000000000000000000000000049]",
                "Delete items old=[3|∅|∅]",
            ],
            rows);
        Assert.Single(changes.OfType<PgTruncateChange>());
        Assert.Equal(5, changes.OfType<PgBeginChange>().Count());
        // pgoutput describes the table before its first row, and may describe it again later (a re-announcement).
        var relations = changes.OfType<PgRelationChange>().Where(r => r.Relation.Name == "items").ToList();
        Assert.Null(relations[0].Previous);
        Assert.Equal(["id"], relations[0].Relation.Columns.Where(c => c.IsKey).Select(c => c.Name));
        Assert.All(relations.Skip(1), r => Assert.True(r.Relation.SameShapeAs(r.Previous!)));
        var commits = changes.OfType<PgCommitChange>().Select(c => c.EndLsn).ToList();
        Assert.Equal(commits.Order().ToList(), commits);
    }

    [Fact]
    public async Task An_update_that_leaves_a_toasted_value_alone_marks_it_unchanged_instead_of_sending_it()
    {
        var start = await CreateSlotAsync();
        var big = string.Concat(Enumerable.Range(0, 400).Select(i => Guid.NewGuid().ToString("N")));
        await _db.ExecuteAsync($"INSERT INTO docs VALUES (1, 'draft', '{big}')");
        await _db.ExecuteAsync("UPDATE docs SET title = 'final' WHERE id = 1");

        var updates = (await ReadUntilCommitsAsync(start, commits: 2)).OfType<PgRowChange>().ToList();

        Assert.Equal(big, updates[0].New![2]);
        var update = updates[1];
        Assert.Equal(PgRowChangeKind.Update, update.Kind);
        Assert.Equal("final", update.New![1]);
        Assert.True(update.New.IsUnchanged(2));
        Assert.Null(update.New[2]);
        Assert.False(update.New.IsUnchanged(1));
    }

    [Fact]
    public async Task A_table_with_replica_identity_full_sends_every_old_value_on_update_and_delete()
    {
        var start = await CreateSlotAsync();
        await _db.ExecuteAsync("INSERT INTO audit VALUES (1, 'x'), (1, 'x')");
        await _db.ExecuteAsync("UPDATE audit SET what = 'y' WHERE ctid = (SELECT min(ctid) FROM audit)");
        await _db.ExecuteAsync("DELETE FROM audit WHERE what = 'y'");

        var rows = (await ReadUntilCommitsAsync(start, commits: 3)).OfType<PgRowChange>().Select(Describe).ToList();

        Assert.Equal(
            ["Insert audit new=[1|x]", "Insert audit new=[1|x]", "Update audit old=[1|x] new=[1|y]", "Delete audit old=[1|y]"],
            rows);
    }

    [Fact]
    public async Task After_a_restart_the_slot_resends_exactly_the_transactions_that_were_not_confirmed()
    {
        var start = await CreateSlotAsync();
        await _db.ExecuteAsync("INSERT INTO items VALUES (10, 'one', 1)");
        await _db.ExecuteAsync("INSERT INTO items VALUES (11, 'two', 2)");

        NpgsqlLogSequenceNumber confirmed;
        await using (var stream = await PgLogicalStream.OpenAsync(Settings, Slot, [Publication], TimeSpan.FromSeconds(1), CancellationToken.None))
        {
            using var cancel = new CancellationTokenSource();
            var firstCommit = await FirstCommitAsync(stream.ReadAsync(start, cancel.Token));
            confirmed = firstCommit.EndLsn;

            // The target committed the first transaction only.
            stream.Confirm(confirmed);
            await stream.FlushAsync(CancellationToken.None);
            await WaitForConfirmedFlushAsync(confirmed);
            await cancel.CancelAsync();
        }

        // Started from an older position, the server still begins after what the slot had confirmed.
        var replay = await ReadUntilCommitsAsync(start, commits: 1);
        Assert.Equal(["Insert items new=[11|two|2.000000000000000000000000000000]"], replay.OfType<PgRowChange>().Select(Describe));
    }

    [Fact]
    public async Task The_slot_status_shows_what_the_source_retains_for_it()
    {
        await CreateSlotAsync();
        await _db.ExecuteAsync("INSERT INTO items SELECT g, md5(g::text), g FROM generate_series(100, 5000) g");
        await using var connection = await _db.OpenAsync();

        var status = await PgReplicationSlots.ReadAsync(connection, Slot, CancellationToken.None);

        Assert.NotNull(status);
        Assert.Equal(_db.Name, status.Database);
        Assert.False(status.Active);
        Assert.True(status.RetainedBytes > 0, $"retained {status.RetainedBytes}");
        Assert.Equal("reserved", status.WalStatus);
        Assert.True(await PgReplicationSlots.DropAsync(connection, Slot, CancellationToken.None));
        Assert.Null(await PgReplicationSlots.ReadAsync(connection, Slot, CancellationToken.None));
        Assert.False(await PgReplicationSlots.DropAsync(connection, Slot, CancellationToken.None));
    }

    [Fact]
    public async Task An_idle_stream_confirms_the_servers_keepalive_position_so_the_slot_does_not_pin_wal()
    {
        var start = await CreateSlotAsync();
        await _db.ExecuteAsync("CREATE TABLE unpublished (x int); INSERT INTO unpublished SELECT generate_series(1, 20000)");
        var written = await _db.ScalarAsync<NpgsqlLogSequenceNumber>("SELECT pg_current_wal_lsn()");
        await using var stream = await PgLogicalStream.OpenAsync(Settings, Slot, [Publication], TimeSpan.FromMilliseconds(200), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var delivered = new List<PgChange>();
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in stream.ReadAsync(start, stop.Token))
                {
                    delivered.Add(change);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped by the test.
            }
        });

        await using var connection = await _db.OpenAsync();
        var guard = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await PgReplicationSlots.ReadAsync(connection, Slot, CancellationToken.None))!.ConfirmedFlushLsn < written)
        {
            Assert.True(DateTime.UtcNow < guard, $"the slot stayed behind {written} (received {stream.LastReceived})");
            // Sent with the next status update (every 200 ms here): the stream may not have started yet, so no flush.
            stream.ConfirmReceivedWhenIdle();
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await reading;
        Assert.Empty(delivered.OfType<PgRowChange>());
    }

    private static string Describe(PgRowChange change) =>
        $"{change.Kind} {change.Relation.Name}"
        + (change.Old is { } old ? $" old=[{Values(old)}]" : string.Empty)
        + (change.New is { } neu ? $" new=[{Values(neu)}]" : string.Empty);

    private static string Values(PgTuple tuple) =>
        string.Join('|', Enumerable.Range(0, tuple.Count).Select(i => tuple.IsUnchanged(i) ? "(unchanged)" : tuple[i] ?? "∅"));

    private static async Task<PgCommitChange> FirstCommitAsync(IAsyncEnumerable<PgChange> changes)
    {
        await foreach (var change in changes)
        {
            if (change is PgCommitChange commit)
            {
                return commit;
            }
        }

        throw new InvalidOperationException("the stream ended");
    }

    private async Task<NpgsqlLogSequenceNumber> CreateSlotAsync()
    {
        await using var snapshot = await PgReplicationSlots.CreateWithSnapshotAsync(Settings, Slot, CancellationToken.None);
        return snapshot.ConsistentPoint;
    }

    /// <summary>Reads from <paramref name="start"/> until that many commits arrived (the server waits for them: no sleep).</summary>
    private async Task<List<PgChange>> ReadUntilCommitsAsync(NpgsqlLogSequenceNumber start, int commits)
    {
        await using var stream = await PgLogicalStream.OpenAsync(Settings, Slot, [Publication], TimeSpan.FromSeconds(1), CancellationToken.None);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var changes = new List<PgChange>();
        await foreach (var change in stream.ReadAsync(start, guard.Token))
        {
            changes.Add(change);
            if (change is PgCommitChange && --commits == 0)
            {
                break;
            }
        }

        return changes;
    }

    private async Task WaitForConfirmedFlushAsync(NpgsqlLogSequenceNumber lsn)
    {
        await using var connection = await _db.OpenAsync();
        var guard = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await PgReplicationSlots.ReadAsync(connection, Slot, CancellationToken.None))?.ConfirmedFlushLsn < lsn)
        {
            Assert.True(DateTime.UtcNow < guard, "the slot never showed the confirmed position");
            await Task.Delay(20);
        }
    }
}
