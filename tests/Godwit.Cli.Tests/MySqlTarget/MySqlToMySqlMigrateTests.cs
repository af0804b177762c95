using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.MySqlTarget;

/// <summary>MySQL → MySQL: the schema as the source prints it, every value byte for byte, a refused row named, and verify.</summary>
public sealed class MySqlToMySqlMigrateTests : MySqlTargetTestBase
{
    /// <summary>Every zoo column as text the two sides must print alike (bytes as hex, a point as text, a float widened).</summary>
    private const string ZooSelect = """
        SELECT id, ti, tiu, flag, si, siu, mi, miu, i, iu, bi, biu, dec1, dec2, CAST(f AS DOUBLE), d, BIN(b1 + 0), BIN(b10 + 0), dt, dtm, ts, tm, yr,
               c, vc, tt, MD5(lt), LENGTH(lt), HEX(bn), HEX(vb), HEX(bl), e, st, j, u, ip4, ip6, ST_AsText(p), ST_SRID(p), gen
          FROM zoo ORDER BY id
        """;

    [Fact]
    public async Task Every_type_of_the_zoo_arrives_on_a_MySQL_target_value_for_value_and_verify_finds_every_table_equal()
    {
        await SourceDb.ExecuteAsync(TypeZoo.Table + TypeZoo.Rows);

        var run = await MigrateAsync();

        Assert.True(run.ExitCode == 0, run.StdErr);
        await AssertSameRowsAsync(ZooSelect);
        var verify = await VerifyAsync("--mode", "rows");
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
    }

    [Fact]
    public async Task The_target_tables_are_made_from_the_sources_own_SHOW_CREATE_TABLE_with_views_and_foreign_keys()
    {
        await SourceDb.ExecuteAsync("""
            CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_german1_ci NOT NULL DEFAULT 'x',
                                 created TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), KEY by_name (name(5)))
                ENGINE=InnoDB ROW_FORMAT=DYNAMIC COMMENT='parents';
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE);
            INSERT INTO parent (id, name) VALUES (1, 'Müller'), (2, 'b');
            INSERT INTO child VALUES (10, 1), (20, 2);
            CREATE VIEW named_children AS SELECT c.id, p.name FROM child c JOIN parent p ON p.id = c.parent_id;
            """);

        var run = await MigrateAsync();

        Assert.True(run.ExitCode == 0, run.StdErr);
        foreach (var table in new[] { "parent", "child" })
        {
            var source = (await SourceDb.RowsAsync($"SHOW CREATE TABLE `{table}`")).Single()[1];
            var target = (await TargetDb.RowsAsync($"SHOW CREATE TABLE `{table}`")).Single()[1];
            Assert.Equal(WithoutAutoIncrement(source), WithoutAutoIncrement(target));
        }

        await AssertSameRowsAsync("SELECT id, name FROM named_children ORDER BY id");
        await AssertSameRowsAsync("SELECT id, name, HEX(name) FROM parent ORDER BY id");
    }

    [Fact]
    public async Task A_row_the_target_column_cannot_hold_stops_the_copy_naming_the_table_key_and_column_and_nothing_is_truncated()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO t VALUES (1, 'ok'), (2, 'far too long'), (3, 'ok too')");

        // The target was made by hand with a narrower column; migrate keeps it.
        await TargetDb.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(3))");
        var run = await MigrateAsync("--if-exists", "keep");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("t: row id=2, column v", run.StdErr, StringComparison.Ordinal);
        Assert.Empty(await TargetDb.RowsAsync("SELECT id FROM t WHERE v = 'far'"));
    }

    [Fact]
    public async Task Under_on_error_skip_a_refused_row_is_recorded_as_rejected_and_the_other_rows_load()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO t VALUES (1, 'ok'), (2, 'far too long'), (3, 'ok too')");
        await TargetDb.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(6))");

        var run = await MigrateAsync("--if-exists", "keep", "--on-error", "skip", "--reject-file", Path.Combine(Path.GetTempPath(), $"godwit-{TargetDb.Name}.rej.jsonl"));

        // Rows were rejected: the copy finished, and says so with exit code 2 (findings).
        Assert.True(run.ExitCode == 2, run.StdErr);
        Assert.Equal(["1", "3"], (await TargetDb.RowsAsync("SELECT id FROM t ORDER BY id")).Select(r => r[0]));
        var rejected = await TargetDb.RowsAsync(
            $"SELECT `key`, column_name FROM godwit.copy_rejects r JOIN godwit.copy_runs c USING (run_id) WHERE c.target_schema = '{TargetDb.Name}'");
        Assert.Equal("id=2", Assert.Single(rejected)[0]);
        Assert.Equal("v", rejected[0][1]);
    }

    private static string? WithoutAutoIncrement(string? create) =>
        create is null ? null : System.Text.RegularExpressions.Regex.Replace(create, @" AUTO_INCREMENT=\d+", string.Empty);
}
