using System.Text.Json;
using Godwit.Testing;

namespace Godwit.Cli.Tests;

public sealed class PingCommandTests
{
    [Fact]
    public async Task Ping_reports_mariadb_and_postgresql_versions_from_the_testbed()
    {
        var run = await CliRun.InvokeAsync(
            ["ping", "--source", TestServers.MySql.ToUnmaskedString(), "--target", TestServers.Postgres.ToUnmaskedString(), "--json"]);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.StdOut);
        Assert.Equal("MariaDB", json.RootElement.GetProperty("source").GetProperty("product").GetString());
        Assert.StartsWith("10.11.", json.RootElement.GetProperty("source").GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Equal("PostgreSQL", json.RootElement.GetProperty("target").GetProperty("product").GetString());
        Assert.Contains("****", json.RootElement.GetProperty("target").GetProperty("uri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_reads_endpoints_from_godwit_yaml_in_the_working_directory()
    {
        var dir = Directory.CreateTempSubdirectory("godwit-spec-");
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(dir.FullName, "godwit.yaml"),
                $"source: {TestServers.MySql.ToUnmaskedString()}\ntarget: {TestServers.Postgres.ToUnmaskedString()}\n");

            var run = await CliRun.InvokeAsync(["ping"], workingDirectory: dir.FullName);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("MariaDB 10.11", run.StdOut, StringComparison.Ordinal);
            Assert.Contains("PostgreSQL 15", run.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain(":godwit@", run.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_command_line_overrides_the_spec_file()
    {
        var dir = Directory.CreateTempSubdirectory("godwit-spec-");
        try
        {
            var spec = Path.Combine(dir.FullName, "custom.yaml");
            await File.WriteAllTextAsync(spec, "source: mysql://godwit:godwit@127.0.0.1:1/nowhere\n");

            var run = await CliRun.InvokeAsync(["ping", "--spec", spec, "--source", TestServers.MySql.ToUnmaskedString()]);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("MariaDB", run.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_spec_with_an_unknown_key_exits_1_naming_the_key_and_its_line()
    {
        var dir = Directory.CreateTempSubdirectory("godwit-spec-");
        try
        {
            var spec = Path.Combine(dir.FullName, "godwit.yaml");
            await File.WriteAllTextAsync(spec, "source: mysql://u@h/db\nsorce: x\n");

            var run = await CliRun.InvokeAsync(["ping", "--spec", spec]);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("godwit.yaml:2: unknown key 'sorce'", run.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Ping_without_endpoints_says_what_to_pass()
    {
        var run = await CliRun.InvokeAsync(["ping"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pass --source and/or --target", run.StdErr, StringComparison.Ordinal);
    }
}
