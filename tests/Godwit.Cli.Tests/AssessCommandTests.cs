using System.Text.Json;
using Godwit.Testing;

namespace Godwit.Cli.Tests;

public sealed class AssessCommandTests : ScratchDatabases
{
    private string Source => MySql.Uri.ToUnmaskedString();

    private string Target => Postgres.Uri.ToUnmaskedString();

    private static List<JsonElement> Findings(CliRun run) =>
        [.. JsonDocument.Parse(run.StdOut).RootElement.GetProperty("findings").EnumerateArray()];

    [Fact]
    public async Task Assess_finds_each_planted_problem_and_exits_2()
    {
        await MySql.ExecuteAsync("""
            SET SESSION sql_mode = '';
            CREATE TABLE nopk (a INT, b INT);
            CREATE TABLE uniq (code VARCHAR(10) NOT NULL, UNIQUE KEY code_uq (code));
            CREATE TABLE events (id INT PRIMARY KEY, happened DATE NOT NULL, maybe DATETIME, big DECIMAL(40,2), `user` INT);
            INSERT INTO events VALUES (1, '0000-00-00', '0000-00-00 00:00:00', 1, 1), (2, '2024-01-01', NULL, 2, 2);
            CREATE TABLE `Events` (id INT PRIMARY KEY);
            CREATE TABLE a (id INT PRIMARY KEY, b_id INT);
            CREATE TABLE b (id INT PRIMARY KEY, a_id INT, FOREIGN KEY (a_id) REFERENCES a (id));
            ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);
            """);

        var run = await CliRun.InvokeAsync(["assess", "--source", Source, "--target", Target, "--json"]);

        Assert.Equal(2, run.ExitCode);
        var findings = Findings(run);
        bool Has(string severity, string code, string where) =>
            findings.Any(f => f.GetProperty("severity").GetString() == severity && f.GetProperty("code").GetString() == code && f.GetProperty("where").GetString() == where);
        var db = MySql.Name;
        Assert.True(Has("blocker", "no-primary-key", $"table {db}.nopk"));
        Assert.True(Has("info", "no-primary-key", $"table {db}.uniq"));
        Assert.True(Has("blocker", "zero-dates", $"column {db}.events.happened"));
        Assert.True(Has("warning", "zero-dates", $"column {db}.events.maybe"));
        Assert.True(Has("warning", "lossy-conversion", $"column {db}.events.big"));
        Assert.True(Has("info", "reserved-word", $"column {db}.events.user"));
        Assert.True(Has("blocker", "name-collision", $"table {db}.events") || Has("blocker", "name-collision", $"table {db}.Events"));
        Assert.True(Has("info", "fk-cycle", $"tables {db}.a, {db}.b"));
        Assert.True(Has("info", "target-version", "target"));
        Assert.DoesNotContain(findings, f => f.GetProperty("code").GetString() is "binlog-format" or "binlog-off" or "binlog-row-image" or "privilege-select");
        Assert.DoesNotContain("godwit:godwit@", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_names_the_columns_whose_postgresql_values_could_not_go_back_by_the_reverse_stream()
    {
        await MySql.ExecuteAsync("""
            CREATE TABLE t (
              id INT PRIMARY KEY,
              tiny TINYINT NOT NULL,
              flag TINYINT(1) NOT NULL,
              counter INT UNSIGNED NOT NULL,
              big BIGINT UNSIGNED NOT NULL,
              stamped TIMESTAMP NULL,
              happened DATETIME(3) NULL,
              body TEXT,
              name VARCHAR(20) CHARACTER SET utf8mb4,
              legacy VARCHAR(20) CHARACTER SET latin1,
              ratio DOUBLE,
              price DECIMAL(10,2),
              digest VARBINARY(16)
            ) DEFAULT CHARSET = utf8mb4;
            """);

        var run = await CliRun.InvokeAsync(["assess", "--source", Source, "--target", Target, "--json"]);

        var wayBack = Findings(run).Where(f => f.GetProperty("code").GetString() == "way-back")
            .ToDictionary(f => f.GetProperty("where").GetString()![($"column {MySql.Name}.t.").Length..], f => f.GetProperty("what").GetString()!);
        Assert.Equal(["big", "body", "counter", "digest", "happened", "legacy", "ratio", "stamped", "tiny"], wayBack.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("-128 to 127 only", wayBack["tiny"], StringComparison.Ordinal);
        Assert.Contains("0 to 4294967295 only", wayBack["counter"], StringComparison.Ordinal);
        Assert.Contains("0 to 18446744073709551615 only", wayBack["big"], StringComparison.Ordinal);
        Assert.Contains("2038-01-19", wayBack["stamped"], StringComparison.Ordinal);
        Assert.Contains("latin1", wayBack["legacy"], StringComparison.Ordinal);
        Assert.Contains("NaN", wayBack["ratio"], StringComparison.Ordinal);
        Assert.All(Findings(run).Where(f => f.GetProperty("code").GetString() == "way-back"), f => Assert.Equal("info", f.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task A_view_postgresql_would_refuse_is_found_by_rehearsing_the_schema_on_the_target()
    {
        // MySQL lets SELECT DISTINCT order by a column it does not select; PostgreSQL does not, and the translator keeps
        // the query as it is (which row's value would order each distinct row is undefined).
        await MySql.ExecuteAsync("""
            SET SESSION sql_mode = '';
            CREATE TABLE store (id INT PRIMARY KEY, city_id INT);
            CREATE TABLE sale (id INT PRIMARY KEY, store_id INT, amount DECIMAL(10,2));
            CREATE VIEW sales_by_store AS SELECT DISTINCT s.store_id FROM sale s ORDER BY s.amount;
            CREATE VIEW sales_ok AS SELECT st.id, SUM(s.amount) AS total FROM sale s JOIN store st ON st.id = s.store_id GROUP BY st.id;
            """);

        var run = await CliRun.InvokeAsync(["assess", "--source", Source, "--target", Target, "--json"]);

        var findings = Findings(run);
        var refused = Assert.Single(findings, f => f.GetProperty("code").GetString() == "target-refuses-view");
        Assert.Equal($"view {MySql.Name}.sales_by_store", refused.GetProperty("where").GetString());
        Assert.Contains("ORDER BY", refused.GetProperty("what").GetString(), StringComparison.Ordinal);
        Assert.Equal("warning", refused.GetProperty("severity").GetString());

        // Rehearsed in a schema of its own and rolled back: nothing is left on the target.
        Assert.Empty(await Postgres.RowsAsync("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'godwit_rehearsal%'"));
        Assert.Empty(await Postgres.RowsAsync($"SELECT nspname FROM pg_namespace WHERE nspname = '{MySql.Name}'"));
    }

    [Fact]
    public async Task Names_that_differ_only_by_case_are_refused_unless_case_is_kept()
    {
        await MySql.ExecuteAsync("CREATE TABLE `Mixed` (id INT PRIMARY KEY); CREATE TABLE mixed (id INT PRIMARY KEY)");

        var lower = await CliRun.InvokeAsync(["assess", "--source", Source, "--json"]);
        var kept = await CliRun.InvokeAsync(["assess", "--source", Source, "--json", "--identifier-case", "keep"]);

        Assert.Equal(2, lower.ExitCode);
        Assert.Contains(Findings(lower), f => f.GetProperty("code").GetString() == "name-collision" && f.GetProperty("severity").GetString() == "blocker"
            && f.GetProperty("where").GetString()!.StartsWith("table ", StringComparison.Ordinal));
        Assert.DoesNotContain(Findings(kept), f => f.GetProperty("code").GetString() == "name-collision");
    }

    [Fact]
    public async Task A_clean_database_has_no_blockers_and_exits_0_with_a_table_grouped_by_severity()
    {
        await MySql.ExecuteAsync("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, placed DATETIME NOT NULL, total DECIMAL(10,2));");

        var run = await CliRun.InvokeAsync(["assess", "--source", Source, "--target", Target]);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("Blockers", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("Info", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("0 blocker(s)", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_without_a_database_in_the_source_uri_is_an_error()
    {
        var run = await CliRun.InvokeAsync(["assess", "--source", TestServers.MySql.WithDatabase(null).ToUnmaskedString()]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("must name the database", run.StdErr, StringComparison.Ordinal);
    }
}
