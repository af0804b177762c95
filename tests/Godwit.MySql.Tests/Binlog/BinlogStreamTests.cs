using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>Streams the testbed's binlog and checks the decoded changes of one scratch database.</summary>
public sealed class BinlogStreamTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Inserts_updates_and_deletes_arrive_as_rows_with_before_and_after_images()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20), age INT)", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("INSERT INTO people VALUES (1, 'ann', 30), (2, 'bob', NULL)", None);
        await connection.ExecuteAsync("UPDATE people SET age = 31 WHERE id = 1", None);
        await connection.ExecuteAsync("UPDATE people SET id = 20 WHERE id = 2", None);
        await connection.ExecuteAsync("DELETE FROM people WHERE id = 1", None);

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);
        var rows = events.Where(e => e.Event is RowsEvent).ToList();

        Assert.Equal(4, rows.Count);
        var insert = Assert.IsType<RowsEvent>(rows[0].Event);
        Assert.Equal(RowsEventKind.Insert, insert.Kind);
        Assert.Equal("people", rows[0].Table);
        Assert.Equal(2, rows[0].Rows.Count);
        Assert.Null(rows[0].Rows[0].Before);
        Assert.Equal(new[] { "1", "ann", "30" }, new[] { rows[0].Rows[0].AfterText(0), rows[0].Rows[0].AfterText(1), rows[0].Rows[0].AfterText(2) });
        Assert.Null(rows[0].Rows[1].AfterText(2));

        Assert.Equal(RowsEventKind.Update, ((RowsEvent)rows[1].Event).Kind);
        Assert.Equal("30", rows[1].Rows[0].BeforeText(2));
        Assert.Equal("31", rows[1].Rows[0].AfterText(2));

        // A primary key change is an update whose before and after keys differ.
        Assert.Equal("2", rows[2].Rows[0].BeforeText(0));
        Assert.Equal("20", rows[2].Rows[0].AfterText(0));

        Assert.Equal(RowsEventKind.Delete, ((RowsEvent)rows[3].Event).Kind);
        Assert.Equal("1", rows[3].Rows[0].BeforeText(0));
        Assert.Null(rows[3].Rows[0].After);
        Assert.Equal(["id", "name", "age"], insert.Table.Columns.Select(c => c.Name));
        Assert.Equal([0], insert.Table.PrimaryKey);
    }

    [Fact]
    public async Task A_multi_statement_transaction_is_framed_by_one_gtid_and_one_xid()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE ledger (id INT PRIMARY KEY, amount INT)", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync(
            "START TRANSACTION; INSERT INTO ledger VALUES (1, 10); INSERT INTO ledger VALUES (2, 20); UPDATE ledger SET amount = 11 WHERE id = 1; COMMIT",
            None);

        var recorded = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);
        // A concurrent FLUSH BINARY LOGS (another test) may add file-boundary events; look at ours only.
        var events = recorded.Where(e => e.Event is MariaDbGtidEvent or RowsEvent or XidEvent or TableMapEvent or AnnotateRowsEvent).ToList();
        var kinds = events.Select(e => e.Event.GetType().Name).ToList();

        Assert.Equal(1, kinds.Count(k => k == nameof(MariaDbGtidEvent)));
        Assert.IsType<MariaDbGtidEvent>(events[0].Event);
        Assert.False(((MariaDbGtidEvent)events[0].Event).IsStandalone);
        Assert.Equal(3, kinds.Count(k => k == nameof(RowsEvent)));
        var xid = Assert.IsType<XidEvent>(events[^1].Event);
        Assert.True(xid.EndsTransaction);
        Assert.DoesNotContain(events.Take(events.Count - 1), e => e.Event.EndsTransaction);
        Assert.NotNull(xid.Position);
        Assert.Equal(start.FileName, xid.Position!.FileName);
        Assert.True(xid.Position.Position > start.Position);
    }

    [Fact]
    public async Task Truncate_and_alter_arrive_as_standalone_query_events()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE ddl_target (id INT PRIMARY KEY)", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("INSERT INTO ddl_target VALUES (1)", None);
        await connection.ExecuteAsync("TRUNCATE TABLE ddl_target", None);
        await connection.ExecuteAsync("ALTER TABLE ddl_target ADD COLUMN note VARCHAR(10)", None);
        await connection.ExecuteAsync("INSERT INTO ddl_target VALUES (2, 'after')", None);

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);
        var queries = events.Select(e => e.Event).OfType<QueryEvent>().ToList();

        Assert.Contains(queries, q => q.Query.StartsWith("TRUNCATE TABLE ddl_target", StringComparison.Ordinal) && q.EndsTransaction);
        Assert.Contains(queries, q => q.Query.StartsWith("ALTER TABLE ddl_target", StringComparison.Ordinal) && q.EndsTransaction);
        Assert.All(queries, q => Assert.Equal(database.Name, q.Database));
        var gtids = events.Select(e => e.Event).OfType<MariaDbGtidEvent>().ToList();
        Assert.Equal(2, gtids.Count(g => g.IsStandalone));

        // The row inserted after ALTER decodes against the new two-column table map.
        var last = events.Last(e => e.Event is RowsEvent);
        Assert.Equal("after", last.Rows[0].AfterText(1));
    }

    [Fact]
    public async Task Flush_binary_logs_rotates_the_stream_into_the_next_file()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE rotated (id INT PRIMARY KEY)", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("INSERT INTO rotated VALUES (1)", None);
        await connection.ExecuteAsync("FLUSH BINARY LOGS", None);
        await connection.ExecuteAsync("INSERT INTO rotated VALUES (2)", None);

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);

        var rotates = events.Select(e => e.Event).OfType<RotateEvent>().Where(r => !r.Header.IsArtificial).ToList();
        Assert.Contains(rotates, r => string.CompareOrdinal(r.NextFile, start.FileName) > 0 && r.NextPosition == 4);
        // A new file starts with FORMAT_DESCRIPTION, then MariaDB's GTID_LIST (the GTID state so far) and BINLOG_CHECKPOINT.
        var afterRotate = events.SkipWhile(e => e.Event is not RotateEvent).Select(e => e.Event).ToList();
        var format = afterRotate.OfType<FormatDescriptionEvent>().First();
        Assert.Equal(BinlogChecksumAlgorithm.Crc32, format.ChecksumAlgorithm);
        Assert.Contains("MariaDB", format.ServerVersion, StringComparison.Ordinal);
        Assert.NotEmpty(afterRotate.OfType<MariaDbGtidListEvent>().First().Gtids);
        Assert.StartsWith("mariadb-bin.", afterRotate.OfType<BinlogCheckpointEvent>().First().FileName, StringComparison.Ordinal);
        var inserts = events.Where(e => e.Event is RowsEvent).ToList();
        Assert.Equal(["1", "2"], inserts.Select(e => e.Rows[0].AfterText(0)));
        var lastXid = events.Last(e => e.Event is XidEvent).Event;
        Assert.NotEqual(start.FileName, lastXid.Position!.FileName);
    }

    [Fact]
    public async Task Streaming_from_a_mariadb_gtid_starts_after_that_transaction()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE from_gtid (id INT PRIMARY KEY)", None);
        await connection.ExecuteAsync("INSERT INTO from_gtid VALUES (1)", None);
        var gtid = await BinlogTestServer.CurrentGtidPositionAsync();
        await connection.ExecuteAsync("INSERT INTO from_gtid VALUES (2)", None);

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromMariaDbGtids(gtid), database.Name);

        var inserts = events.Where(e => e.Event is RowsEvent).ToList();
        var row = Assert.Single(inserts);
        Assert.Equal("2", row.Rows[0].AfterText(0));
        var first = Assert.IsType<MariaDbGtidEvent>(events.First(e => e.Event is MariaDbGtidEvent).Event);
        Assert.True(first.Gtid.Sequence > gtid.Gtids.Single(g => g.DomainId == first.Gtid.DomainId).Sequence);
    }

    [Fact]
    public async Task The_checkpoint_after_a_commit_resumes_without_repeating_or_losing_a_transaction()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE resumed (id INT PRIMARY KEY)", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("INSERT INTO resumed VALUES (1)", None);
        await connection.ExecuteAsync("INSERT INTO resumed VALUES (2)", None);

        BinlogCheckpoint? checkpoint = null;
        await using (var client = await BinlogTestServer.StartAsync(BinlogStart.FromPosition(start)))
        {
            while (await client.ReadAsync(None) is { } binlogEvent)
            {
                if (binlogEvent is RowsEvent rows && rows.Table.Database == database.Name && rows.ReadRow() && rows.After!.GetString(0) == "1")
                {
                    while (!(await client.ReadAsync(None))!.EndsTransaction)
                    {
                    }

                    checkpoint = client.Checkpoint;
                    break;
                }
            }
        }

        Assert.NotNull(checkpoint?.Position);
        Assert.NotNull(checkpoint!.Gtids);
        var byPosition = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(checkpoint.Position!), database.Name);
        var byGtid = await BinlogTestServer.RecordAsync(
            BinlogStart.FromMariaDbGtids(Godwit.MySql.Binlog.Gtids.MariaDbGtidPosition.Parse(checkpoint.Gtids!)), database.Name);
        Assert.Equal(["2"], byPosition.Where(e => e.Event is RowsEvent).Select(e => e.Rows[0].AfterText(0)));
        Assert.Equal(["2"], byGtid.Where(e => e.Event is RowsEvent).Select(e => e.Rows[0].AfterText(0)));
    }

    [Fact]
    public async Task A_minimal_row_image_leaves_out_the_columns_the_change_did_not_need()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE minimal (id INT PRIMARY KEY, a INT, b VARCHAR(10))", None);
        await connection.ExecuteAsync("INSERT INTO minimal VALUES (1, 10, 'x')", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("SET SESSION binlog_row_image = 'MINIMAL'", None);
        await connection.ExecuteAsync("UPDATE minimal SET a = 11 WHERE id = 1", None);

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);
        var update = events.Single(e => e.Event is RowsEvent);
        var rowsEvent = (RowsEvent)update.Event;
        var row = Assert.Single(update.Rows);

        // Before: only the primary key; after: only the changed column.
        Assert.Equal([0x01], rowsEvent.IncludedColumns.ToArray());
        Assert.Equal([0x02], rowsEvent.IncludedColumnsAfter.ToArray());
        Assert.Equal("1", row.BeforeText(0));
        Assert.Null(row.Before![1]);
        Assert.Equal("11", row.AfterText(1));
        Assert.Null(row.After![0]);
    }

    [Fact]
    public async Task Unsigned_columns_after_year_bit_and_decimal_columns_keep_their_signedness()
    {
        // SIGNEDNESS has one bit per numeric column only; a miscount would flip the INT columns below.
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "CREATE TABLE signs (y YEAR, b BIT(8), de DECIMAL(5,2) UNSIGNED, f FLOAT UNSIGNED, u INT UNSIGNED, s INT, ub BIGINT UNSIGNED)", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("INSERT INTO signs VALUES (2024, b'1', 1.5, 2.5, 4294967295, -1, 18446744073709551615)", None);

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);
        var row = events.Single(e => e.Event is RowsEvent).Rows.Single();

        Assert.Equal(
            new[] { "2024", "1.50", "2.5", "4294967295", "-1", "18446744073709551615" },
            new[] { row.AfterText(0), row.AfterText(2), row.AfterText(3), row.AfterText(4), row.AfterText(5), row.AfterText(6) });
    }

    [Fact]
    public async Task Collations_after_a_geometry_column_land_on_the_right_columns()
    {
        // GEOMETRY takes a slot in the charset metadata; miscounting it would shift every later collation.
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE shapes (g GEOMETRY, b BINARY(4), c VARCHAR(5) CHARACTER SET latin1, t TEXT)", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("INSERT INTO shapes VALUES (POINT(1, 2), 'ab', 'é', 'ü')", None);

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);
        var row = events.Single(e => e.Event is RowsEvent).Rows.Single();

        Assert.Equal("61620000", Convert.ToHexString(row.After![1]!));
        Assert.Equal("é", row.AfterText(2));
        Assert.Equal("ü", row.AfterText(3));
        Assert.Equal(25, row.After[0]!.Length);
    }
}
