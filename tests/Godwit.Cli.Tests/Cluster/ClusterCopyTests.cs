using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Tests.Copy;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Cluster;

/// <summary>
/// <c>godwit worker</c> processes on loopback with the cluster's membership in the scratch target database, and
/// <c>migrate --cluster</c> through them, killed with SIGKILL while chunks run.
/// </summary>
public sealed class ClusterCopyTests : CopyTestBase, IDisposable
{
    private const string Sql = """
        CREATE TABLE items (id INT PRIMARY KEY, grp INT NOT NULL, label VARCHAR(40));
        INSERT INTO items SELECT seq, seq % 13, CONCAT('item ', seq) FROM seq_1_to_40000;
        ANALYZE TABLE items;
        """;

    private const string SourceDigest = "SELECT COUNT(*), MD5(GROUP_CONCAT(id, '|', grp, '|', label ORDER BY id SEPARATOR ',')) FROM items";

    private WorkerProcesses? _workers;

    private string TargetDigest =>
        $"SELECT count(*)::text, md5(string_agg(id || '|' || grp || '|' || label, ',' ORDER BY id)) FROM \"{Schema}\".items";

    [Fact]
    public async Task A_copy_survives_two_workers_killed_one_at_a_time_mid_chunk_and_ends_row_for_row_equal()
    {
        await MySql.ExecuteAsync(Sql);
        for (var i = 0; i < 4; i++)
        {
            StartWorker($"w{i}");
        }

        await WaitForWorkersAsync(4);
        using var migrate = GodwitProcess.Start(
            ["migrate", "--source", Source, "--target", Target, "--cluster", Target, "--jobs", "3", "--chunk-rows", "2000", "--max-rows-per-second", "1000", "--json"]);
        var stdout = migrate.StandardOutput.ReadToEndAsync();
        var stderr = migrate.StandardError.ReadToEndAsync();

        // Kill a worker that holds an uncommitted chunk (a chunk transaction writing into the target), twice.
        var killed = new List<int>();
        var inFlight = new List<string>();
        for (var k = 0; k < 2; k++)
        {
            var (victim, chunk) = await RunningChunkWorkerAsync(killed, migrate, stderr);
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();
            killed.Add(victim.Id);
            inFlight.Add(chunk);
        }

        await migrate.WaitForExitAsync();
        Assert.True(migrate.ExitCode == 0, await stderr);
        Assert.Equal(await MySqlRowsAsync(SourceDigest), await PgRowsAsync(TargetDigest));
        Assert.Equal("40000", await PgScalarAsync($"SELECT count(DISTINCT id) FROM \"{Schema}\".items"));
        Assert.Equal("0", await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks WHERE status <> 'done'"));
        var output = await stdout;
        var reported = JsonDocument.Parse(output).RootElement.GetProperty("workers").EnumerateArray().ToList();
        Assert.True(reported.Count >= 2, "the chunks were not spread over at least two workers:\n" + output + "\n" + await stderr);
        var withoutWorker = JsonDocument.Parse(output).RootElement.GetProperty("chunks_without_worker").GetInt32();
        Assert.Equal(
            await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks"),
            (reported.Sum(w => w.GetProperty("chunks").GetArrayLength()) + withoutWorker).ToString(CultureInfo.InvariantCulture));
        // Each worker's name committed with its chunk's done-mark: none is missing, even for the killed workers' chunks.
        Assert.Equal(0, withoutWorker);
        Assert.Equal("0", await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks WHERE worker IS NULL"));
        // The chunks the killed workers had in flight were done by the others.
        var doneBy = reported.SelectMany(w => w.GetProperty("chunks").EnumerateArray().Select(c => $"{c.GetProperty("table").GetString()}#{c.GetProperty("chunk").GetInt32()}")).ToList();
        Assert.All(inFlight, c => Assert.Contains(c, doneBy));

        // godwit workers lists the same workers with the chunks they committed.
        var workers = await CliRun.InvokeAsync(["workers", "--cluster", Target, "--json"]);
        Assert.True(workers.ExitCode == 0, workers.StdErr);
        var listed = JsonDocument.Parse(workers.StdOut).RootElement.EnumerateArray().ToList();
        Assert.Equal(4, listed.Count);
        // godwit workers counts from the cluster database's log, written just after each commit: a killed worker may
        // have committed a chunk it could not log any more (at most one each).
        var counted = listed.Sum(w => w.GetProperty("chunks_committed").GetInt64());
        Assert.InRange(counted, doneBy.Count - 2, doneBy.Count);

        // So does godwit status with --cluster, beside the target's streams.
        var status = await CliRun.InvokeAsync(["status", "--target", Target, "--cluster", Target, "--json"]);
        Assert.True(status.ExitCode == 0, status.StdErr);
        var inStatus = JsonDocument.Parse(status.StdOut).RootElement.GetProperty("workers").EnumerateArray().ToList();
        Assert.Equal(
            listed.Select(w => w.GetProperty("name").GetString()).Order(StringComparer.Ordinal),
            inStatus.Select(w => w.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(counted, inStatus.Sum(w => w.GetProperty("chunks_committed").GetInt64()));
    }

    [Fact]
    public async Task The_copy_goes_on_when_the_silo_holding_the_job_grain_is_killed()
    {
        await MySql.ExecuteAsync(Sql);
        for (var i = 0; i < 3; i++)
        {
            StartWorker($"j{i}");
        }

        await WaitForWorkersAsync(3);
        using var migrate = GodwitProcess.Start(
            ["migrate", "--source", Source, "--target", Target, "--cluster", Target, "--jobs", "2", "--chunk-rows", "2000", "--max-rows-per-second", "4000", "--json"]);
        var stdout = migrate.StandardOutput.ReadToEndAsync();
        var stderrLines = new List<string>();
        var stderr = Task.Run(async () =>
        {
            while (await migrate.StandardError.ReadLineAsync() is { } line)
            {
                lock (stderrLines)
                {
                    stderrLines.Add(line);
                }
            }
        });

        // The client names the silo the job grain lives on; once a chunk is done, kill that worker.
        string? jobSilo = null;
        await Waiting.UntilAsync(
            async () =>
            {
                lock (stderrLines)
                {
                    jobSilo = stderrLines.Select(l => l.Split("job grain on ", 2)).Where(p => p.Length == 2).Select(p => p[1].Trim()).FirstOrDefault();
                }

                return jobSilo is not null && await DoneChunksAsync() >= 2;
            },
            TimeSpan.FromMinutes(3),
            "the job grain's silo named and two chunks done");
        var port = jobSilo!.Split(':')[1].Split('@')[0];
        var holder = _workers!.BySiloPort(port);
        var doneBefore = await DoneChunksAsync();
        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();

        await migrate.WaitForExitAsync();
        await stderr;
        Assert.True(migrate.ExitCode == 0, string.Join('\n', stderrLines));
        Assert.True(doneBefore < 20, $"the kill came too late: {doneBefore} chunks done");
        Assert.Equal(await MySqlRowsAsync(SourceDigest), await PgRowsAsync(TargetDigest));
        Assert.Contains(stderrLines, l => l.Contains("job grain on ", StringComparison.Ordinal) && !l.Contains(jobSilo, StringComparison.Ordinal));
        Assert.True(JsonDocument.Parse(await stdout).RootElement.GetProperty("tables")[0].GetProperty("rows_loaded").GetInt64() == 40000);
    }

    public void Dispose() => _workers?.Dispose();

    // The job reaches the workers without passwords (the cluster's connections are not encrypted): each worker has its
    // own, as an operator would give it to a worker's service.
    private void StartWorker(string name)
    {
        _workers ??= new WorkerProcesses(Target, new Dictionary<string, string>
        {
            ["GODWIT_SOURCE_PASSWORD"] = MySql.Uri.Password!,
            ["GODWIT_TARGET_PASSWORD"] = Postgres.Uri.Password!,
        });
        _workers.Start(name);
    }

    private Task WaitForWorkersAsync(int count) => WorkerProcesses.WaitForActiveAsync(PgScalarAsync, count);

    /// <summary>A live worker with a chunk in flight (its stderr says the chunk started and not that it committed), and that chunk.</summary>
    private async Task<(Process Worker, string Chunk)> RunningChunkWorkerAsync(List<int> killed, Process migrate, Task<string> stderr)
    {
        (Process, string)? found = null;
        await Waiting.UntilAsync(
            async () =>
            {
                Assert.False(migrate.HasExited, "migrate ended before a worker could be killed: " + (migrate.HasExited ? await stderr : string.Empty));
                foreach (var w in _workers!.Running.Where(w => !killed.Contains(w.Id)))
                {
                    var lines = _workers.LinesOf(w);
                    var started = lines.Where(l => l.Contains(" started", StringComparison.Ordinal)).Select(ChunkOf).ToHashSet();
                    started.ExceptWith(lines.Where(l => l.Contains(" committed", StringComparison.Ordinal)).Select(ChunkOf));
                    if (started.Count > 0)
                    {
                        found = (w, started.First());
                        return true;
                    }
                }

                return false;
            },
            TimeSpan.FromMinutes(3),
            "a worker with a chunk in flight");
        return found!.Value;
    }

    private static string ChunkOf(string line) => line.Split("chunk ", 2)[1].Split(' ')[0];

    private async Task<int> DoneChunksAsync()
    {
        try
        {
            return int.Parse((await PgScalarAsync("SELECT count(*) FROM godwit.copy_chunks WHERE status = 'done'"))!, CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState is "42P01" or "3F000")
        {
            return 0;
        }
    }
}
