using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>
/// Where the copy hands over to the stream on a PostgreSQL source. A slot's consistent point is the end of a
/// running-transactions record, and the next WAL record can be a commit: that transaction is streamed and the
/// exported snapshot does not see it (about one slot in six under pgbench). The position is set on the copy's record
/// here, since no test can make the server put a commit there.
/// </summary>
public sealed class PgCopyHandoffTests : PgSourceTestBase
{
    [Fact]
    public async Task A_transaction_whose_commit_record_starts_at_a_keyless_tables_copy_position_reaches_the_target_once()
    {
        await SourceDb.ExecuteAsync("""
            CREATE TABLE public.log (note text NOT NULL);
            ALTER TABLE public.log REPLICA IDENTITY FULL;
            INSERT INTO public.log VALUES ('copied');
            """);
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        var xid = await SourceDb.ScalarAsync<long>("WITH i AS (INSERT INTO public.log VALUES ('streamed') RETURNING 1) SELECT txid_current() FROM i");
        var slot = await SourceDb.ScalarAsync<string>("SELECT slot_name FROM pg_replication_slots WHERE database = current_database() AND NOT temporary");
        var publication = await SourceDb.ScalarAsync<string>("SELECT pubname FROM pg_publication");
        Assert.NotNull(slot);
        Assert.NotNull(publication);

        // pgoutput's Begin message: 'B', then the transaction's final LSN (the start of its commit record), 8 bytes.
        // The slot decodes only WAL already flushed (the testbed commits asynchronously): wait for it.
        string? commit = null;
        await WaitForAsync(
            async () => (commit = await SourceDb.ScalarAsync<string>($"""
                SELECT ('0/0'::pg_lsn + ('x' || encode(substring(data FROM 2 FOR 8), 'hex'))::bit(64)::bigint)::text
                  FROM pg_logical_slot_peek_binary_changes('{slot}', NULL, NULL, 'proto_version', '1', 'publication_names', '{publication}')
                 WHERE xid::text::bigint = {xid} AND get_byte(data, 0) = ascii('B')
                """)) is not null,
            TimeSpan.FromSeconds(60),
            $"transaction {xid} to be decoded by slot {slot}");
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>($"""
            WITH u AS (UPDATE godwit.copy_chunks SET snapshot = '{commit}' WHERE source_table = 'public.log' AND snapshot_engine = 'postgresql' RETURNING 1)
            SELECT count(*) FROM u
            """));

        var sync = await SyncUntilCaughtUpAsync();

        Assert.True(sync.ExitCode == 0, sync.StdErr);
        await AssertSameRowsAsync("public.log");
    }
}
