using System.Diagnostics;
using System.Globalization;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Cluster;

/// <summary>
/// <c>godwit worker</c> processes on loopback for one test, each with the passwords as an operator would give them to
/// its service (the jobs reach the workers without them), their stderr lines kept; killed when the test ends.
/// </summary>
internal sealed class WorkerProcesses(string cluster, IDictionary<string, string> passwords) : IDisposable
{
    private readonly List<(Process Process, string SiloPort, List<string> Lines)> _workers = [];

    public IEnumerable<Process> Running => _workers.Where(w => !w.Process.HasExited).Select(w => w.Process);

    public void Start(string name)
    {
        var siloPort = FreePort().ToString(CultureInfo.InvariantCulture);
        var worker = GodwitProcess.Start(["worker", "--cluster", cluster, "--silo-port", siloPort, "--name", name], passwords);
        var lines = new List<string>();
        _ = worker.StandardOutput.ReadToEndAsync();
        _ = Task.Run(async () =>
        {
            while (await worker.StandardError.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        _workers.Add((worker, siloPort, lines));
    }

    /// <summary>The worker process whose id in reports (<c>name host:port@generation</c>) is <paramref name="workerId"/>.</summary>
    public Process ByWorkerId(string workerId) => BySiloPort(workerId.Split(' ')[^1].Split(':')[1].Split('@')[0]);

    /// <summary>The worker process listening on silo port <paramref name="port"/>.</summary>
    public Process BySiloPort(string port) => _workers.Single(w => w.SiloPort == port).Process;

    /// <summary>What <paramref name="worker"/> wrote on stderr so far.</summary>
    public IReadOnlyList<string> LinesOf(Process worker)
    {
        var lines = _workers.Single(w => w.Process == worker).Lines;
        lock (lines)
        {
            return [.. lines];
        }
    }

    /// <summary>Everything the workers wrote on stderr (for failure messages).</summary>
    public string Log()
    {
        var all = new List<string>();
        foreach (var (process, port, lines) in _workers)
        {
            lock (lines)
            {
                all.AddRange(lines.Select(l => $"[{port}] {l}"));
            }
        }

        return string.Join('\n', all);
    }

    public void Dispose()
    {
        foreach (var (process, _, _) in _workers)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    /// <summary>Workers active in the cluster's membership table (0 before the first worker made it).</summary>
    public static async Task<int> ActiveAsync(Func<string, Task<string?>> scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        try
        {
            return int.Parse((await scalar("SELECT count(*) FROM godwit_cluster.members WHERE status = 3"))!, CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState is "42P01" or "3F000")
        {
            return 0;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> workers are active in the cluster's membership table.</summary>
    public static Task WaitForActiveAsync(Func<string, Task<string?>> scalar, int count) => Waiting.UntilAsync(
        async () => await ActiveAsync(scalar) >= count, TimeSpan.FromMinutes(3), $"{count} workers active in godwit_cluster.members");

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
