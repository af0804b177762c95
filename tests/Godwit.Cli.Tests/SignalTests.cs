using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Godwit.Cli.Tests;

public sealed class SignalTests
{
    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_signal_during_a_hanging_connect_stops_cleanly_with_its_exit_code(string signal, int expected)
    {
        // A server that accepts the TCP connection and never sends a handshake: the client waits until cancelled.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var process = GodwitProcess.Start(["ping", "--source", $"mysql://godwit:sig-secret@127.0.0.1:{port}/db?connect_timeout=60"]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(300);

        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(expected, process.ExitCode);
        Assert.Contains("stopping cleanly", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sig-secret", await stderr + await stdout, StringComparison.Ordinal);
    }
}
