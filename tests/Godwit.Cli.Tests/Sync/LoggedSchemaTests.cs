using Godwit.Cli.Sync;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;
using Godwit.Postgres;
using Godwit.Postgres.Apply;
using Godwit.Postgres.Streaming;
using Godwit.Providers.MySql.Streaming;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// The stream starts behind the source's schema (at the copy's position, or where a stopped stream saved its
/// position) while ALTER TABLEs have happened since: the rows logged before each ALTER must still arrive as they were
/// written, in the columns and types the target has at that point, and the DDL then carries the target along.
/// </summary>
public sealed class LoggedSchemaTests : SyncTestBase
{
    private const string ItemsOnSource = "SELECT id, qty, title, IF(flag, 'true', 'false'), note FROM items ORDER BY id";

    [Fact]
    public async Task Rows_logged_before_alters_the_stream_has_not_reached_arrive_as_they_were_written()
    {
        await MySql.ExecuteAsync("""
            CREATE TABLE items (id INT PRIMARY KEY, qty INT NOT NULL, name VARCHAR(20) NOT NULL, flag BIT(1), gone VARCHAR(10) NOT NULL);
            INSERT INTO items VALUES (1, 10, 'one', b'1', 'g1');
            CREATE TABLE legacy (id INT PRIMARY KEY, v INT NOT NULL);
            INSERT INTO legacy VALUES (1, 100);
            """);
        var copy = await CliRun.InvokeAsync(["migrate", "--source", Source, "--target", Target]);
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        // Nothing streams while the application writes and the schema changes under rows not applied yet.
        await MySql.ExecuteAsync("""
            INSERT INTO items VALUES (2, 20, 'two', b'0', 'g2');
            UPDATE items SET qty = 11, name = 'one+' WHERE id = 1;
            INSERT INTO legacy VALUES (2, 200);
            ALTER TABLE items MODIFY qty VARCHAR(12) NOT NULL;
            INSERT INTO items VALUES (3, 'three', 'three', b'1', 'g3');
            ALTER TABLE items DROP COLUMN gone;
            ALTER TABLE items CHANGE name title VARCHAR(30) NOT NULL;
            ALTER TABLE items MODIFY flag TINYINT(1);
            ALTER TABLE items ADD COLUMN note TEXT;
            RENAME TABLE legacy TO archive;
            INSERT INTO items VALUES (4, '4', 'four', 1, 'n4');
            UPDATE items SET note = 'later', qty = 'twenty' WHERE id = 2;
            INSERT INTO archive VALUES (3, 300);
            """);

        // From the copy's position: every row above was logged under a schema older than the one the source has now.
        await SyncOkAsync();

        await AssertItemsAsync();
        await AssertSameRowsAsync("archive");
        Assert.Equal(
            [["id", "integer"], ["qty", "character varying"], ["title", "character varying"], ["flag", "boolean"], ["note", "text"]],
            await PgRowsAsync($"SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = 'items' ORDER BY ordinal_position"));

        // Again from the stream's own saved position: rows of a column since dropped, and of a column since renamed and widened.
        await MySql.ExecuteAsync("""
            UPDATE items SET note = NULL WHERE id = 4;
            INSERT INTO archive VALUES (4, 400);
            ALTER TABLE items DROP COLUMN note;
            ALTER TABLE archive CHANGE v amount BIGINT NOT NULL;
            INSERT INTO archive VALUES (5, 5000000000);
            """);
        await SyncOkAsync();

        Assert.Equal(
            await MySqlRowsAsync("SELECT id, qty, title, IF(flag, 'true', 'false') FROM items ORDER BY id"),
            await PgRowsAsync($"SELECT id, qty, title, flag::text FROM \"{Schema}\".items ORDER BY id"));
        await AssertSameRowsAsync("archive");
        Assert.Equal([["1", "100"], ["2", "200"], ["3", "300"], ["4", "400"], ["5", "5000000000"]], await PgRowsAsync($"SELECT id, amount FROM \"{Schema}\".archive ORDER BY id"));
    }

    [Fact]
    public async Task A_table_unchanged_since_its_rows_were_logged_is_applied_with_the_copys_own_mapping()
    {
        // Every type of the zoo must look, in its TABLE_MAP, like the schema now says: else every row would take the slower,
        // rule-less path meant for schema changes.
        var start = await SetUpAsync(TypeZoo.Table);
        await MySql.ExecuteAsync(TypeZoo.Rows);
        var model = await SourceModel.LoadAsync(new MySqlStreamSource(MySql.Settings), MySqlToPostgresMapper.Instance, new MigrationSpec(), CancellationToken.None);
        var hints = new BinlogColumnHints();
        ColumnHints.Fill(hints, model.Database);
        await using var target = await PgConnectionFactory.OpenAsync(Postgres.Uri, CancellationToken.None);
        var catalog = await PgTargetCatalog.ReadAsync(target, null, Schema, CancellationToken.None);

        var map = await FirstTableMapAsync(start, "zoo", hints);

        Assert.Same(model.Table("zoo"), LoggedTableMapping.For(new BinlogChangeTables().For(map), model, catalog));
    }

    private async Task<BinlogTableMap> FirstTableMapAsync(string start, string table, BinlogColumnHints hints)
    {
        var colon = start.LastIndexOf(':');
        await using var client = await BinlogClient.StartAsync(
            MySql.Settings,
            new BinlogClientOptions
            {
                ServerId = uint.Parse(ServerId, System.Globalization.CultureInfo.InvariantCulture),
                Start = BinlogStart.FromPosition(new BinlogPosition(start[..colon], long.Parse(start[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture))),
                ColumnHints = hints,
                StopAtEnd = true,
            },
            CancellationToken.None);
        while (await client.ReadAsync(CancellationToken.None) is { } binlogEvent)
        {
            if (binlogEvent is TableMapEvent { Table: var map } && map.Database == MySql.Name && map.Table == table)
            {
                return map;
            }
        }

        throw new InvalidOperationException($"no TABLE_MAP of {table} after {start}");
    }

    private async Task AssertItemsAsync()
    {
        var source = await MySqlRowsAsync(ItemsOnSource);
        Assert.Equal(
            [["1", "11", "one+", "true", null], ["2", "twenty", "two", "false", "later"], ["3", "three", "three", "true", null], ["4", "4", "four", "true", "n4"]],
            source);
        Assert.Equal(source, await PgRowsAsync($"SELECT id, qty, title, flag::text, note FROM \"{Schema}\".items ORDER BY id"));
    }
}
