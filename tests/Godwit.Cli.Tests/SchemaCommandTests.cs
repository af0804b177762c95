using System.Text.Json;
using Godwit.Testing;

namespace Godwit.Cli.Tests;

public sealed class SchemaCommandTests : ScratchDatabases
{
    private const string Sql = """
        SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
        CREATE TABLE parent (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50));
        CREATE TABLE child (id INT AUTO_INCREMENT PRIMARY KEY, parent_id BIGINT UNSIGNED NOT NULL,
          CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id));
        CREATE TABLE `Order` (id INT PRIMARY KEY, `Select` TIME DEFAULT '-12:00:00', j JSON, u UUID, ip INET6, d DATETIME, flag TINYINT(1));
        CREATE TABLE `order` (id INT PRIMARY KEY);
        """;

    private string Source => MySql.Uri.ToUnmaskedString();

    private string Target => Postgres.Uri.ToUnmaskedString();

    [Fact]
    public async Task Dry_run_prints_the_ddl_and_needs_no_target()
    {
        await MySql.ExecuteAsync(Sql);

        var run = await CliRun.InvokeAsync(["schema", "--source", Source, "--dry-run"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"CREATE TABLE \"{MySql.Name}\".\"order\" (", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"select\" interval DEFAULT '-12:00:00'", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"j\" jsonb", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"u\" uuid", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"ip\" inet", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"d\" timestamp", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"flag\" boolean", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("order_2", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_applies_and_the_fk_between_unsigned_columns_exists_on_the_target()
    {
        await MySql.ExecuteAsync(Sql);

        var run = await CliRun.InvokeAsync(["schema", "--source", Source, "--target", Target]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("statements applied", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(1L, await Postgres.ScalarAsync<long>(
            $"SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conname = 'child_parent_fk' AND connamespace = '\"{MySql.Name}\"'::regnamespace"));
    }

    [Fact]
    public async Task Existing_tables_stop_the_schema_unless_if_exists_says_otherwise()
    {
        await MySql.ExecuteAsync(Sql);
        Assert.Equal(0, (await CliRun.InvokeAsync(["schema", "--source", Source, "--target", Target])).ExitCode);

        var again = await CliRun.InvokeAsync(["schema", "--source", Source, "--target", Target]);
        var keep = await CliRun.InvokeAsync(["schema", "--source", Source, "--target", Target, "--if-exists", "keep"]);
        var drop = await CliRun.InvokeAsync(["schema", "--source", Source, "--target", Target, "--if-exists", "drop", "--json"]);

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exist", again.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, keep.ExitCode);
        Assert.Equal(0, drop.ExitCode);
        using var json = JsonDocument.Parse(drop.StdOut);
        Assert.Contains(json.RootElement.GetProperty("dropped").EnumerateArray(), e => e.GetString() == "parent");
    }

    [Fact]
    public async Task Json_output_lists_each_columns_type_conversion_and_rule()
    {
        await MySql.ExecuteAsync(Sql);
        var dir = Directory.CreateTempSubdirectory("godwit-spec-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "godwit.yaml"), $"""
                source: {Source}
                rules:
                  - column: {MySql.Name}.Order.d
                    to: timestamptz
                options:
                  target_schema: app
                """);

            var run = await CliRun.InvokeAsync(["schema", "--dry-run", "--json"], workingDirectory: dir.FullName);

            Assert.Equal(0, run.ExitCode);
            using var json = JsonDocument.Parse(run.StdOut);
            Assert.Equal("app", json.RootElement.GetProperty("target_schema").GetString());
            var order = json.RootElement.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("target").GetString() == "app.order");
            var d = order.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("source").GetString() == "d");
            Assert.Equal("timestamptz", d.GetProperty("target_type").GetString());
            Assert.Equal("TimestampTz", d.GetProperty("conversion").GetString());
            Assert.Equal($"{Path.Combine(dir.FullName, "godwit.yaml")}:3", d.GetProperty("rule").GetString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_invalid_rule_target_exits_1_naming_the_spec_line()
    {
        await MySql.ExecuteAsync(Sql);
        var dir = Directory.CreateTempSubdirectory("godwit-spec-");
        try
        {
            var spec = Path.Combine(dir.FullName, "godwit.yaml");
            await File.WriteAllTextAsync(spec, "rules:\n  - type: datetime\n    to: timestampz\n");

            var run = await CliRun.InvokeAsync(["schema", "--spec", spec, "--source", Source, "--dry-run"]);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"{spec}:2: rule 'datetime -> timestampz'", run.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
