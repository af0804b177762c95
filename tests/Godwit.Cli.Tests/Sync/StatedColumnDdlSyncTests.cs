namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// The stream reaches an ADD, MODIFY or CHANGE COLUMN after the source has changed or dropped that column again: the
/// source's schema now no longer says what the column was, so the definition comes from the statement itself.
/// </summary>
public sealed class StatedColumnDdlSyncTests : SyncTestBase
{
    private const string Columns =
        "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns WHERE table_schema = '{0}' AND table_name = 'items' ORDER BY ordinal_position";

    [Fact]
    public async Task A_column_added_and_dropped_while_the_stream_was_behind_is_replayed_from_the_statements()
    {
        var start = await SetUpAsync("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
        await MySql.ExecuteAsync("INSERT INTO items VALUES (1, 'a')");
        await SyncOkAsync("--from", start);

        // Nothing streams meanwhile; when it does, none of c, d, e, f is what the source has now.
        await MySql.ExecuteAsync("""
            ALTER TABLE items ADD COLUMN c INT NOT NULL DEFAULT 5;
            INSERT INTO items (id, name) VALUES (2, 'b');
            INSERT INTO items VALUES (3, 'c', 7);
            UPDATE items SET c = 8 WHERE id = 1;
            ALTER TABLE items DROP COLUMN c;
            INSERT INTO items VALUES (4, 'd');
            ALTER TABLE items ADD COLUMN d VARCHAR(3);
            INSERT INTO items VALUES (5, 'e', 'xyz');
            ALTER TABLE items CHANGE d e VARCHAR(12) DEFAULT 'none';
            INSERT INTO items VALUES (6, 'f', 'longer value');
            INSERT INTO items (id, name) VALUES (10, 'j');
            UPDATE items SET e = 'was xyz' WHERE id = 5;
            ALTER TABLE items MODIFY e TEXT;
            INSERT INTO items (id, name) VALUES (7, 'g');
            ALTER TABLE items DROP COLUMN e;
            ALTER TABLE items ADD COLUMN f VARCHAR(10);
            INSERT INTO items VALUES (8, 'h', 'text');
            ALTER TABLE items DROP COLUMN f, ADD COLUMN f INT NOT NULL DEFAULT 0;
            INSERT INTO items VALUES (9, 'i', 42);
            UPDATE items SET name = 'a2' WHERE id = 1;
            DELETE FROM items WHERE id = 2;
            """);
        var run = await SyncOkAsync();

        Assert.DoesNotContain("stopped", run.StdErr, StringComparison.Ordinal);
        await AssertSameRowsAsync("items");
        Assert.Equal(
            [["id", "integer", "NO"], ["name", "character varying", "YES"], ["f", "integer", "NO"]],
            await PgRowsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Columns, Schema)));
        Assert.Equal("0", await PgScalarAsync($"SELECT column_default FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = 'items' AND column_name = 'f'"));
    }

    [Fact]
    public async Task A_modified_column_gets_the_statements_type_nullability_and_default_on_the_target()
    {
        var start = await SetUpAsync("CREATE TABLE items (id INT PRIMARY KEY, qty INT)");
        await SyncOkAsync("--from", start);

        await MySql.ExecuteAsync("""
            ALTER TABLE items MODIFY qty BIGINT NOT NULL DEFAULT 3;
            INSERT INTO items (id) VALUES (1);
            INSERT INTO items VALUES (2, 9000000000);
            """);
        await SyncOkAsync();

        await AssertSameRowsAsync("items");
        Assert.Equal(
            [["id", "integer", "NO"], ["qty", "bigint", "NO"]],
            await PgRowsAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Columns, Schema)));
        Assert.Equal("'3'::bigint", await QtyDefaultAsync());

        // ALTER COLUMN … SET DEFAULT defines no column: the source schema gives the new default.
        await MySql.ExecuteAsync("ALTER TABLE items ALTER COLUMN qty SET DEFAULT 11");
        await SyncOkAsync();
        Assert.Equal("'11'::bigint", await QtyDefaultAsync());
    }

    private Task<string?> QtyDefaultAsync() =>
        PgScalarAsync($"SELECT column_default FROM information_schema.columns WHERE table_schema = '{Schema}' AND table_name = 'items' AND column_name = 'qty'");
}
