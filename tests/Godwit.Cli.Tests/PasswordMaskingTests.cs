using System.Net;
using System.Net.Sockets;

namespace Godwit.Cli.Tests;

/// <summary>No password ever reaches stdout or stderr, whatever fails.</summary>
public sealed class PasswordMaskingTests
{
    private const string Secret = "Pa55-never-print-me";

    [Fact]
    public async Task Ping_against_closed_ports_exits_1_with_a_clear_message_and_no_password()
    {
        var run = await CliRun.InvokeAsync(
        [
            "ping",
            "--source", $"mysql://godwit:{Secret}@127.0.0.1:{ClosedPort()}/shop",
            "--target", $"postgresql://godwit:{Secret}@127.0.0.1:{ClosedPort()}/postgres?connect_timeout=3",
        ]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("source mysql://godwit:****@127.0.0.1", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("target postgresql://godwit:****@127.0.0.1", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("refused", run.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, run.StdErr + run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_godwit_executable_against_closed_ports_exits_1_without_the_password_or_colour_codes_in_a_pipe()
    {
        var run = await GodwitProcess.RunAsync(
        [
            "ping",
            "--source", $"mariadb://godwit:{Secret}@127.0.0.1:{ClosedPort()}/shop",
            "--target", $"postgres://godwit:{Secret}@127.0.0.1:{ClosedPort()}/postgres",
            "--json",
        ]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"ok\": false", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("godwit: error: source mariadb://godwit:****@", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.StdErr + run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.StdErr + run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_from_the_environment_is_never_printed()
    {
        var env = new Dictionary<string, string> { ["GODWIT_SOURCE_PASSWORD"] = Secret + "-env" };

        var run = await CliRun.InvokeAsync(
            ["ping", "--source", $"mysql://godwit@127.0.0.1:{ClosedPort()}/shop"],
            env.GetValueOrDefault);

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain(Secret + "-env", run.StdErr + run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_that_equals_the_password_is_printed_as_it_is_so_the_mask_reveals_nothing()
    {
        // Masking every occurrence of the password would print the database name as "****", and so tell the
        // reader that the database is named like the password.
        var env = new Dictionary<string, string> { ["GODWIT_SOURCE_PASSWORD"] = "shopdb" };

        var run = await CliRun.InvokeAsync(
            ["ping", "--source", $"mysql://godwit@127.0.0.1:{ClosedPort()}/shopdb"],
            env.GetValueOrDefault);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(":****@127.0.0.1", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("/shopdb", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("/****", run.StdErr + run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_uri_is_a_parse_error_without_the_password()
    {
        var run = await CliRun.InvokeAsync(["ping", "--source", $"mysql://godwit:{Secret}@127.0.0.1:notaport/db"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Invalid port", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.StdErr + run.StdOut, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        // Bind then release an ephemeral port: nothing listens on it afterwards.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
