using Godwit.Core.Verify;
using Godwit.Providers.MySql.Verify;
using Godwit.Postgres.Verify;

namespace Godwit.Cli.Tests.Verify;

/// <summary>The in-database digests, column by column: equal for the copied trap zoo, and different as soon as that one column changes.</summary>
public sealed class InDatabaseHashTests : VerifyTestBase
{
    [Fact]
    public async Task Each_trap_zoo_column_hashes_equal_on_both_sides_until_it_changes()
    {
        await MySqlExecuteAsync(TrapZoo.Schema);
        await CopyAsync();
        var mapping = Plan!.Table("zoo");
        await using var source = new MySqlVerifyEndpoint(MySql.Settings);
        await using var target = new PgVerifyEndpoint(Postgres.Uri);
        var changes = new Dictionary<string, string>
        {
            ["s"] = "'NUL'", ["c"] = "'ab '", ["d"] = "1.501", ["f"] = "1.23456", ["g"] = "0.100000000000001", ["dt"] = "'2024-02-29 23:59:59.123457'",
            ["ts"] = "'2024-01-01 00:00:00.4+00'", ["b"] = "false", ["bytes"] = "'\\x00fe'", ["bin"] = "'ab\\000\\001'", ["e"] = "'a'", ["st"] = "'{x}'",
            ["u"] = "18446744073709551614", ["zd"] = "'2000-01-01'", ["zdt"] = "'2000-01-01'", ["t"] = "'-838:59:58'",
            ["uu"] = "'123e4567-e89b-12d3-a456-426614174001'", ["i4"] = "'1.2.3.5'", ["i6"] = "'2001:db8::2'", ["bt"] = "B'10100'", ["y"] = "2023", ["txt"] = "'naive'", ["ts0"] = "'2024-06-01 12:00:00.5+00'",
        };
        foreach (var (column, value) in changes)
        {
            var table = VerifyTable.Create(mapping with { Columns = [.. mapping.Columns.Where(c => c.Source.Name is "id" || c.Source.Name == column)] });
            Assert.True(
                await source.DigestAsync(table, null, All(table), default) == await target.DigestAsync(table, null, All(table), default),
                $"{column}: the copied values hash differently");

            await PgExecuteAsync($"UPDATE {Pg("zoo")} SET {column} = {value} WHERE id = 1");

            Assert.True(
                await source.DigestAsync(table, null, All(table), default) != await target.DigestAsync(table, null, All(table), default),
                $"{column}: a changed value hashes the same");
        }
    }

    private static int[] All(VerifyTable table) => [.. Enumerable.Range(0, table.Columns.Count)];

    [Fact]
    public async Task Null_empty_and_the_string_null_hash_differently()
    {
        await MySqlExecuteAsync("""
            CREATE TABLE t (id int PRIMARY KEY, s varchar(5) NULL, n int NULL);
            INSERT INTO t VALUES (1, NULL, NULL), (2, '', 0), (3, 'NULL', NULL);
            """);
        await CopyAsync();
        var table = VerifyTable.Create(Plan!.Table("t"));
        await using var source = new MySqlVerifyEndpoint(MySql.Settings);
        await using var target = new PgVerifyEndpoint(Postgres.Uri);

        var one = await source.DigestAsync(table, new KeyRange(1, 1), All(table), default);
        var two = await source.DigestAsync(table, new KeyRange(2, 2), All(table), default);
        var three = await source.DigestAsync(table, new KeyRange(3, 3), All(table), default);

        Assert.Equal(3, new[] { one.Sum, two.Sum, three.Sum }.Distinct().Count());
        Assert.Equal(one, await target.DigestAsync(table, new KeyRange(1, 1), All(table), default));
        Assert.Equal(two, await target.DigestAsync(table, new KeyRange(2, 2), All(table), default));
        Assert.Equal(three, await target.DigestAsync(table, new KeyRange(3, 3), All(table), default));
    }
}
