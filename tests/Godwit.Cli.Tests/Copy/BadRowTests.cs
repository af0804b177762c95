using System.Text.Json;

namespace Godwit.Cli.Tests.Copy;

public sealed class BadRowTests : CopyTestBase
{
    // 1,000 rows; 3 zero dates in a NOT NULL column (they become NULL by the zero-date rule, which PostgreSQL refuses:
    // found by bisecting the failing COPY) and 2 texts with a NUL byte (refused by the conversion itself).
    private const string Sql = """
        SET SESSION sql_mode = '';
        CREATE TABLE events (id INT PRIMARY KEY, d DATE NOT NULL, t VARCHAR(20) NOT NULL, n INT);
        INSERT INTO events SELECT seq, '2024-01-01' + INTERVAL seq DAY, CONCAT('row ', seq), seq FROM seq_1_to_1000;
        UPDATE events SET d = '0000-00-00' WHERE id IN (17, 500, 999);
        UPDATE events SET t = CONCAT('nul', CHAR(0), 'here') WHERE id IN (250, 751);
        """;

    [Fact]
    public async Task Bad_rows_are_isolated_by_bisection_written_to_the_reject_file_and_counted()
    {
        await MySql.ExecuteAsync(Sql);
        var rejects = Path.Combine(Path.GetTempPath(), $"godwit-rejects-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = await MigrateAsync("--on-error", "skip", "--reject-file", rejects, "--json");

            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.StdErr}");
            var table = Json(run).GetProperty("tables")[0];
            Assert.Equal(1000, table.GetProperty("rows_read").GetInt64());
            Assert.Equal(995, table.GetProperty("rows_loaded").GetInt64());
            Assert.Equal(5, table.GetProperty("rows_rejected").GetInt64());
            Assert.Equal("995", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".events"));
            Assert.Equal("0", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".events WHERE id IN (17, 250, 500, 751, 999)"));

            Assert.Equal("5", await PgScalarAsync("SELECT count(*) FROM godwit.copy_rejects WHERE source_table = 'events'"));
            Assert.Equal("d", await PgScalarAsync("SELECT column_name FROM godwit.copy_rejects WHERE key = 'id=999'"));
            var lines = (await File.ReadAllLinesAsync(rejects)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(5, lines.Count);
            Assert.All(lines, l => Assert.Equal("events", l.GetProperty("table").GetString()));
            Assert.Equal(new[] { "id=17", "id=250", "id=500", "id=751", "id=999" }, lines.Select(l => l.GetProperty("key").GetString()!).Order(StringComparer.Ordinal).ToArray());
            var zero = lines.Single(l => l.GetProperty("key").GetString() == "id=500");
            Assert.Equal("d", zero.GetProperty("column").GetString());
            Assert.Contains("null", zero.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
            var nul = lines.Single(l => l.GetProperty("key").GetString() == "id=250");
            Assert.Equal("t", nul.GetProperty("column").GetString());
            Assert.Contains("NUL", nul.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains("0x6E756C", nul.GetProperty("value").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(rejects);
        }
    }

    [Fact]
    public async Task On_error_stop_fails_naming_the_table_the_key_and_the_column()
    {
        await MySql.ExecuteAsync(Sql + "UPDATE events SET t = 'fine' WHERE id IN (250, 751);");

        var run = await MigrateAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"godwit: error: events: row id=(17|500|999), column d", run.StdErr);
        Assert.Contains("--on-error skip", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversion_error_under_stop_names_the_value_too()
    {
        await MySql.ExecuteAsync(Sql + "UPDATE events SET d = '2024-01-01' WHERE id IN (17, 500, 999);");

        var run = await MigrateAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"events: row id=(250|751), column t, value 0x6E756C00", run.StdErr);
    }
}
