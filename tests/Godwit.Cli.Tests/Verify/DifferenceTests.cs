namespace Godwit.Cli.Tests.Verify;

public sealed class DifferenceTests : VerifyTestBase
{
    private const string Items = """
        CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, name varchar(40) NOT NULL, price decimal(10,2) NULL, data json NULL);
        INSERT INTO items SELECT seq, CONCAT('item ', seq), seq * 1.25, JSON_OBJECT('n', seq, 'tags', JSON_ARRAY('a', 'b')) FROM seq_1_to_5000;
        CREATE TABLE bag (a int NULL, b varchar(5) NULL);
        INSERT INTO bag VALUES (1, 'x'), (1, 'x'), (2, NULL), (3, 'y');
        """;

    [Theory]
    [InlineData("checksum")]
    [InlineData("rows")]
    public async Task A_changed_value_a_missing_row_and_an_extra_row_are_found_by_key_and_column(string mode)
    {
        await MySqlExecuteAsync(Items);
        await CopyAsync();
        await PgExecuteAsync($"""
            UPDATE {Pg("items")} SET name = 'changed' WHERE id = 1234;
            DELETE FROM {Pg("items")} WHERE id = 2500;
            INSERT INTO {Pg("items")} VALUES (9999, 'extra', 1.00, NULL);
            """);

        var run = await VerifyAsync("--mode", mode, "--json", "--recheck", "off", "--chunk-rows", "1000");

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
        var items = TableOf(Json(run), "items");
        Assert.Equal(1, items.GetProperty("different").GetInt64());
        Assert.Equal(1, items.GetProperty("missing_on_target").GetInt64());
        Assert.Equal(1, items.GetProperty("extra_on_target").GetInt64());
        Assert.Equal(4998, items.GetProperty("matching").GetInt64());
        var diffs = items.GetProperty("differences").EnumerateArray().ToList();
        var changed = Assert.Single(diffs, d => d.GetProperty("kind").GetString() == "different");
        Assert.Equal("id=1234", changed.GetProperty("key").GetString());
        var column = Assert.Single(changed.GetProperty("columns").EnumerateArray());
        Assert.Equal("name", column.GetProperty("column").GetString());
        Assert.Equal("item 1234", column.GetProperty("source").GetString());
        Assert.Equal("changed", column.GetProperty("target").GetString());
        Assert.Equal("id=2500", Assert.Single(diffs, d => d.GetProperty("kind").GetString() == "missing").GetProperty("key").GetString());
        Assert.Equal("id=9999", Assert.Single(diffs, d => d.GetProperty("kind").GetString() == "extra").GetProperty("key").GetString());
        Assert.True(TableOf(Json(run), "bag").GetProperty("equal").GetBoolean());
    }

    [Theory]
    [InlineData("checksum")]
    [InlineData("rows")]
    public async Task A_duplicated_row_in_a_keyless_table_is_found(string mode)
    {
        await MySqlExecuteAsync(Items);
        await CopyAsync();
        await PgExecuteAsync($"INSERT INTO {Pg("bag")} VALUES (2, NULL)");

        var run = await VerifyAsync("--mode", mode, "--json", "--recheck", "off", "--tables", "bag");

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
        var bag = TableOf(Json(run), "bag");
        Assert.Equal(4, bag.GetProperty("source_rows").GetInt64());
        Assert.Equal(5, bag.GetProperty("target_rows").GetInt64());
        var extra = Assert.Single(bag.GetProperty("differences").EnumerateArray());
        Assert.Equal("extra", extra.GetProperty("kind").GetString());
        Assert.Equal("('2', NULL)", extra.GetProperty("key").GetString());
        Assert.Equal(1, extra.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task A_duplicate_pair_that_cancels_in_xor_is_still_found()
    {
        // Two extra copies of one row leave the XOR unchanged; the count and the 64-bit sum catch them.
        await MySqlExecuteAsync(Items);
        await CopyAsync();
        await PgExecuteAsync($"INSERT INTO {Pg("bag")} VALUES (3, 'y'), (3, 'y')");

        var run = await VerifyAsync("--mode", "checksum", "--json", "--recheck", "off", "--tables", "bag");

        Assert.Equal(2, run.ExitCode);
        var extra = Assert.Single(TableOf(Json(run), "bag").GetProperty("differences").EnumerateArray());
        Assert.Equal(2, extra.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task A_json_value_changed_on_the_target_is_found_in_checksum_mode()
    {
        await MySqlExecuteAsync(Items);
        await CopyAsync();
        await PgExecuteAsync($$"""UPDATE {{Pg("items")}} SET data = '{"n": 3000, "tags": ["a", "c"]}' WHERE id = 3000""");

        var run = await VerifyAsync("--mode", "checksum", "--json", "--recheck", "off", "--tables", "items");

        Assert.Equal(2, run.ExitCode);
        var diff = Assert.Single(TableOf(Json(run), "items").GetProperty("differences").EnumerateArray());
        Assert.Equal("id=3000", diff.GetProperty("key").GetString());
        Assert.Equal("data", Assert.Single(diff.GetProperty("columns").EnumerateArray()).GetProperty("column").GetString());
    }

    [Fact]
    public async Task Json_spelled_differently_in_a_keyless_table_is_equal_and_a_changed_json_value_is_found()
    {
        await MySqlExecuteAsync("""
            CREATE TABLE docs (j json NULL);
            INSERT INTO docs VALUES ('{"b":1,"a":[1,2]}'), ('{"b":1,"a":[1,2]}'), ('[ 1.0 , "\\u00e9" ]'), (NULL);
            """);
        await CopyAsync();

        var equal = await VerifyAsync("--json", "--recheck", "off");
        await PgExecuteAsync($$"""UPDATE {{Pg("docs")}} SET j = '[1, "e"]' WHERE j::text LIKE '[%'""");
        var changed = await VerifyAsync("--json", "--recheck", "off");

        Assert.True(equal.ExitCode == 0, equal.StdOut + equal.StdErr);
        Assert.Equal(2, changed.ExitCode);
        var diffs = TableOf(Json(changed), "docs").GetProperty("differences").EnumerateArray().ToList();
        Assert.Equal(2, diffs.Count);
        Assert.Contains(diffs, d => d.GetProperty("kind").GetString() == "missing" && d.GetProperty("key").GetString() == "('[1,\"é\"]')");
        Assert.Contains(diffs, d => d.GetProperty("kind").GetString() == "extra" && d.GetProperty("key").GetString() == "('[1,\"e\"]')");
    }

    [Fact]
    public async Task Every_trap_zoo_column_changed_on_the_target_is_named()
    {
        await MySqlExecuteAsync(TrapZoo.Schema);
        await CopyAsync();
        string[] changes =
        [
            "s = ''", "c = 'ab '", "d = 1.501", "f = 1.23456", "g = 0.1000000000000001", "dt = '2024-02-29 23:59:59.123457'",
            "ts = '2024-01-01 00:00:00.4+00'", "b = false", "bytes = '\\x00fe'", "bin = 'ab\\000\\001'", "j = '{\"a\": [1, 2.5, {\"x\": \"e\", \"y\": null}], \"b\": 1}'",
            "e = 'a'", "st = '{x}'", "u = 18446744073709551614", "zd = '2000-01-01'", "zdt = '2000-01-01'", "t = '-838:59:58'",
            "uu = '123e4567-e89b-12d3-a456-426614174001'", "i4 = '1.2.3.5'", "i6 = '2001:db8::2'", "bt = B'10100'", "y = 2023", "txt = 'naive'", "ts0 = '2024-06-01 12:00:01+00'",
        ];
        await PgExecuteAsync($"UPDATE {Pg("zoo")} SET {string.Join(", ", changes)} WHERE id = 1");

        foreach (var mode in (string[])["checksum", "rows"])
        {
            var run = await VerifyAsync("--mode", mode, "--json", "--recheck", "off", "--tables", "zoo");

            Assert.True(run.ExitCode == 2, $"{mode}: exit {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
            var diff = Assert.Single(TableOf(Json(run), "zoo").GetProperty("differences").EnumerateArray());
            Assert.Equal("id=1", diff.GetProperty("key").GetString());
            var named = diff.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("column").GetString()).ToList();
            Assert.Equal(changes.Select(c => c[..c.IndexOf(' ', StringComparison.Ordinal)]), named);
        }
    }

    [Theory]
    [InlineData("checksum")]
    [InlineData("rows")]
    public async Task Differences_in_tables_with_string_and_composite_keys_are_found(string mode)
    {
        await MySqlExecuteAsync(TrapZoo.Schema);
        await CopyAsync();
        await PgExecuteAsync($"""
            UPDATE {Pg("names")} SET v = 30 WHERE code = 'é';
            DELETE FROM {Pg("names")} WHERE code = 'ß';
            UPDATE {Pg("pairs")} SET v = 40 WHERE a = 10 AND b = 'a';
            """);

        var run = await VerifyAsync("--mode", mode, "--json", "--recheck", "off", "--tables", "names,pairs");

        Assert.Equal(2, run.ExitCode);
        var names = TableOf(Json(run), "names").GetProperty("differences").EnumerateArray().ToList();
        Assert.Equal(2, names.Count);
        Assert.Contains(names, d => d.GetProperty("kind").GetString() == "different" && d.GetProperty("key").GetString() == "code=é");
        Assert.Contains(names, d => d.GetProperty("kind").GetString() == "missing" && d.GetProperty("key").GetString() == "code=ß");
        var pair = Assert.Single(TableOf(Json(run), "pairs").GetProperty("differences").EnumerateArray());
        Assert.Equal("a=10, b=a", pair.GetProperty("key").GetString());
    }
}
