namespace Godwit.Cli.Tests.Copy;

/// <summary>Generated columns whose arithmetic PostgreSQL would compute differently never fail the copy.</summary>
public sealed class GeneratedColumnCopyTests : CopyTestBase
{
    internal const string Table = """
        SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
        CREATE TABLE gen (id INT PRIMARY KEY, a INT, twice INT AS (a * 2) STORED, wide BIGINT AS (a * 2) STORED, up VARCHAR(10) AS (UPPER(CONCAT('x', id))) STORED);
        """;

    // Outside strict mode MySQL stores -2147483648 * 2 clamped into twice (a warning), and exactly into wide.
    internal const string Rows = """
        SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
        INSERT INTO gen (id, a) VALUES (1, -2147483648), (2, 2147483647), (3, 21), (4, NULL);
        """;

    [Fact]
    public async Task A_generated_column_overflowing_int4_is_copied_as_mysql_stored_it_and_named_in_the_plan()
    {
        await MySql.ExecuteAsync(Table + Rows);

        var run = await MigrateAsync();

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("twice", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("64 bits", run.StdErr, StringComparison.Ordinal);
        var source = await MySqlRowsAsync("SELECT id, a, twice, wide, up FROM gen ORDER BY id");
        var target = await PgRowsAsync($"SELECT id, a, twice, wide, up FROM \"{Schema}\".gen ORDER BY id");
        Assert.Equal(source, target);
        Assert.Equal("-2147483648", target[0][2]);
        Assert.Equal("-4294967296", target[0][3]);
        // wide is still computed on the target, with 64-bit arithmetic.
        await Postgres.ExecuteAsync($"UPDATE \"{Schema}\".gen SET a = -2147483648 WHERE id = 3");
        Assert.Equal("-4294967296", await PgScalarAsync($"SELECT wide::text FROM \"{Schema}\".gen WHERE id = 3"));
    }
}
