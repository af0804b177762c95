using System.Diagnostics;
using System.Globalization;
using Godwit.Core.Connections;

namespace Godwit.Testing;

/// <summary>
/// A MariaDB or PostgreSQL server of a test's own, started by <c>scripts/testbed.sh up-mysql</c> / <c>up-pg</c> under
/// its own <c>GODWIT_TESTBED_DIR</c> and port, for tests that stop or restart a server: the shared testbed's servers
/// are never touched. Stopped and removed on dispose.
/// </summary>
public sealed class PrivateServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly int _port;
    private readonly bool _postgres;

    private PrivateServer(string directory, int port, bool postgres)
    {
        _directory = directory;
        _port = port;
        _postgres = postgres;
    }

    /// <summary>The server as the superuser godwit/godwit (PostgreSQL: its postgres database; MariaDB: no database).</summary>
    public ConnectionUri Uri
    {
        get
        {
            var port = _port.ToString(CultureInfo.InvariantCulture);
            return ConnectionUri.Parse(_postgres ? $"postgresql://godwit:godwit@127.0.0.1:{port}/postgres" : $"mysql://godwit:godwit@127.0.0.1:{port}");
        }
    }

    public static Task<PrivateServer> MariaDbAsync(int port) => StartAsync(port, postgres: false);

    public static Task<PrivateServer> PostgresAsync(int port) => StartAsync(port, postgres: true);

    /// <summary>Stops the server (a clean shutdown, as a restart begins).</summary>
    public Task StopAsync() => RunAsync("down");

    /// <summary>Starts it again on the same data.</summary>
    public Task StartAgainAsync() => RunAsync("up");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("down");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<PrivateServer> StartAsync(int port, bool postgres)
    {
        var directory = Directory.CreateTempSubdirectory("godwit-private-testbed-").FullName;
        if (postgres && !OperatingSystem.IsWindows())
        {
            // PostgreSQL runs as the postgres user, which must reach its data directory.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }

        var server = new PrivateServer(directory, port, postgres);
        await server.RunAsync("up");
        return server;
    }

    private async Task RunAsync(string verb)
    {
        var engineVerb = verb + (_postgres ? "-pg" : "-mysql");
        var info = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "scripts", "testbed.sh"), engineVerb)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["GODWIT_TESTBED_DIR"] = _directory;
        info.Environment[_postgres ? "GODWIT_TESTBED_PG_PORT" : "GODWIT_TESTBED_MYSQL_PORT"] = _port.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/testbed.sh {engineVerb} for the private testbed exited {process.ExitCode}: {error}");
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
