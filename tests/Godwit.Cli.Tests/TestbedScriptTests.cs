using System.Diagnostics;

namespace Godwit.Cli.Tests;

public sealed class TestbedScriptTests
{
    [Fact]
    public async Task Env_prints_the_test_server_uris_as_lines_to_eval()
    {
        var (code, output) = await RunAsync("env");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"GODWIT_TEST_MYSQL=mysql://godwit:godwit@127.0.0.1:{Port("MYSQL", 3307)}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"GODWIT_TEST_PG=postgresql://godwit:godwit@127.0.0.1:{Port("PG", 5433)}/postgres", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Up_leaves_running_servers_alone()
    {
        var before = (ServerPid("mariadb/run/mysqld.pid"), ServerPid("postgres/data/postmaster.pid"));
        var (code, _) = await RunAsync("up");

        Assert.Equal(0, code);
        Assert.Equal(before, (ServerPid("mariadb/run/mysqld.pid"), ServerPid("postgres/data/postmaster.pid")));
        var (status, output) = await RunAsync("status");
        Assert.Equal(0, status);
        Assert.Contains("mariadb: up", output, StringComparison.Ordinal);
        Assert.Contains("postgresql: up", output, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_testbed_private_keys_are_readable_by_their_owner_only()
    {
        var (code, _) = await RunAsync("up");
        Assert.Equal(0, code);
        var tls = Path.Combine(TestbedDirectory, "tls");

        foreach (var key in new[] { "ca-key.pem", "server-key.pem" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, key)));
        }
    }

    private static string TestbedDirectory =>
        Environment.GetEnvironmentVariable("GODWIT_TESTBED_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryRoot.Path, ".testbed");

    private static string ServerPid(string pidFile) => File.ReadLines(Path.Combine(TestbedDirectory, pidFile)).First().Trim();

    // The testbed's ports can be moved (GODWIT_TESTBED_MYSQL_PORT / _PG_PORT) to run a second one beside it.
    private static string Port(string engine, int fallback) =>
        Environment.GetEnvironmentVariable($"GODWIT_TESTBED_{engine}_PORT") is { Length: > 0 } p ? p : fallback.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(int Code, string Output)> RunAsync(string verb)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepositoryRoot.Path, "scripts", "testbed.sh"), verb)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
