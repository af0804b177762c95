using System.Diagnostics;
using System.Globalization;
using Godwit.Core.Connections;

namespace Godwit.Testing;

/// <summary>
/// A MariaDB server of a test's own, started by <c>scripts/testbed.sh up-mysql</c> under its own
/// <c>GODWIT_TESTBED_DIR</c> and port, for tests that stop or restart the source: the shared testbed's servers are
/// never touched. Stopped and removed on dispose.
/// </summary>
public sealed class PrivateMariaDb : IAsyncDisposable
{
    private readonly string _directory;
    private readonly int _port;

    private PrivateMariaDb(string directory, int port)
    {
        _directory = directory;
        _port = port;
    }

    /// <summary>The server as the superuser godwit/godwit, without a database.</summary>
    public ConnectionUri Uri => ConnectionUri.Parse(string.Create(CultureInfo.InvariantCulture, $"mysql://godwit:godwit@127.0.0.1:{_port}"));

    public static async Task<PrivateMariaDb> StartAsync(int port)
    {
        var server = new PrivateMariaDb(Directory.CreateTempSubdirectory("godwit-private-testbed-").FullName, port);
        await server.RunAsync("up-mysql");
        return server;
    }

    /// <summary>Stops the server (a clean shutdown, as a restart begins).</summary>
    public Task StopAsync() => RunAsync("down-mysql");

    /// <summary>Starts it again on the same data.</summary>
    public Task StartAgainAsync() => RunAsync("up-mysql");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("down-mysql");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task RunAsync(string verb)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "scripts", "testbed.sh"), verb)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["GODWIT_TESTBED_DIR"] = _directory;
        info.Environment["GODWIT_TESTBED_MYSQL_PORT"] = _port.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/testbed.sh {verb} for the private testbed exited {process.ExitCode}: {error}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "testbed.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/testbed.sh not found above " + AppContext.BaseDirectory);
    }
}
