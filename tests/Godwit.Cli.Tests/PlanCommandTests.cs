using System.Text.Json;
using Godwit.Testing;

namespace Godwit.Cli.Tests;

/// <summary><c>godwit plan</c>: the runbook for a real source and target, in Markdown and JSON.</summary>
public sealed class PlanCommandTests : ScratchDatabases
{
    private const string Ddl = """
        CREATE TABLE orders (id BIGINT PRIMARY KEY, note VARCHAR(200)) ;
        CREATE TABLE tags (id INT PRIMARY KEY, name VARCHAR(20));
        INSERT INTO orders SELECT seq, REPEAT('x', 150) FROM seq_1_to_20000;
        INSERT INTO tags VALUES (1, 'a');
        ANALYZE TABLE orders, tags;
        """;

    [Fact]
    public async Task The_runbook_lists_every_phase_in_order_with_this_migrations_commands_and_no_password()
    {
        await MySql.ExecuteAsync(Ddl);
        var dir = Directory.CreateTempSubdirectory("godwit-plan-").FullName;
        try
        {
            var file = Path.Combine(dir, "runbook.md");
            var run = await CliRun.InvokeAsync(["plan", "--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString(), "--jobs", "3", "--output", file]);

            Assert.True(run.ExitCode == 0, run.StdErr);
            var md = await File.ReadAllTextAsync(file);
            var source = $"mysql://godwit@{MySql.Uri.Host}:{MySql.Uri.Port}/{MySql.Name}";
            string[] phases = ["preflight", "copy and stream", "watch", "catch up", "verify", "cutover rehearsal", "cutover", "clean-up"];
            var at = phases.Select((p, i) => md.IndexOf($"### {i + 1}. {p}\n", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(-1, at);
            Assert.Equal(at.Order(), at);
            Assert.Contains($"godwit migrate --source {source} --target ", md, StringComparison.Ordinal);
            Assert.Contains("--jobs 3 --follow --routing-file routing.json", md, StringComparison.Ordinal);
            Assert.Contains($"godwit cutover --source {source}", md, StringComparison.Ordinal);
            Assert.Contains($"| {MySql.Name}.orders | ", md, StringComparison.Ordinal);
            Assert.Contains("## Rollback matrix", md, StringComparison.Ordinal);
            Assert.Contains("## Clean-up", md, StringComparison.Ordinal);
            Assert.Contains("No blocker and no warning.", md, StringComparison.Ordinal);
            Assert.DoesNotContain("godwit:godwit@", md, StringComparison.Ordinal);
            Assert.DoesNotContain("****", md, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_JSON_runbook_carries_the_findings_sizes_and_estimates_and_a_blocker_exits_2()
    {
        await MySql.ExecuteAsync(Ddl + "CREATE TABLE nokey (x INT);");

        var run = await CliRun.InvokeAsync(["plan", "--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString(), "--json", "--no-data-scan"]);

        Assert.Equal(ExitCode.Findings, run.ExitCode);
        using var json = JsonDocument.Parse(run.StdOut);
        var root = json.RootElement;
        Assert.True(root.GetProperty("has_blockers").GetBoolean());
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() == "blocker" && f.GetProperty("where").GetString()!.Contains("nokey", StringComparison.Ordinal));
        Assert.Equal(3, root.GetProperty("size").GetProperty("tables").GetInt32());
        Assert.True(root.GetProperty("size").GetProperty("data_bytes").GetInt64() > 1_000_000);
        var copy = root.GetProperty("phases").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "copy and stream");
        Assert.Equal(JsonValueKind.Number, copy.GetProperty("estimated_seconds").ValueKind);
        Assert.Equal(8, root.GetProperty("rollback").GetArrayLength());
    }
}
