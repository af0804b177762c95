using System.Diagnostics;
using System.Globalization;
using Godwit.Postgres;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Cli.Tests.Sync;

/// <summary>A source transaction of a million rows: it must arrive whole, as one target transaction, without the sync holding it in memory.</summary>
public sealed class LargeTransactionTests : SyncTestBase
{
    private const int Rows = 1_000_000;

    private SourceFreezeLock? _freezeLock;

    /// <summary>Rows spread over the transaction, in the order the source wrote them: a commit part-way would show some of them and not others.</summary>
    private const string Probe = "SELECT count(*)::text FROM \"{0}\".big WHERE id IN (1, 250000, 500000, 750000, 1000000)";

    public override async Task InitializeAsync()
    {
        // The transaction is ~120 MB of binlog that every running stream reads through, a cutover test's too, which
        // would miss its lag and freeze deadlines behind it: they take turns through the testbed's read-only lock.
        _freezeLock = await SourceFreezeLock.AcquireAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (_freezeLock is not null)
            {
                await _freezeLock.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_million_row_transaction_is_applied_whole_and_in_bounded_memory()
    {
        var start = await SetUpAsync("CREATE TABLE big (id INT PRIMARY KEY, n BIGINT NOT NULL, pad VARCHAR(100) NOT NULL)");
        // One statement, so one source transaction; generated on the server by the sequence engine.
        await MySql.ExecuteAsync($"INSERT INTO big SELECT seq, seq * 7, REPEAT(CHAR(65 + seq % 26), 100) FROM seq_1_to_{Rows}");

        var clock = Stopwatch.StartNew();
        using var process = SyncProcess.Start(["sync", "--source", Source, "--target", Target, "--server-id", ServerId, "--from", start, "--until-caught-up"]);
        var exit = process.WaitAsync(TimeSpan.FromMinutes(10));
        long peak = 0;
        var seen = new HashSet<string?>();
        await using (var reader = await PgConnectionFactory.OpenAsync(Postgres.Uri, CancellationToken.None))
        {
            // The table has no statistics yet: without this the planner scans every uncommitted row at each probe.
            await using (var noScan = new NpgsqlCommand("SET enable_seqscan = off", reader))
            {
                await noScan.ExecuteNonQueryAsync();
            }

            await using var probe = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, Probe, Schema), reader);
            while (!exit.IsCompleted)
            {
                peak = Math.Max(peak, process.PeakResidentBytes());
                seen.Add((string?)await probe.ExecuteScalarAsync());
                await Task.WhenAny(exit, Task.Delay(100));
            }
        }

        Assert.True(await exit == 0, process.StdErr);
        var elapsed = clock.Elapsed;
        Assert.Equal(Rows.ToString(CultureInfo.InvariantCulture), await PgScalarAsync($"SELECT count(*)::text FROM \"{Schema}\".big"));
        Assert.Equal("0", await PgScalarAsync($"SELECT count(*)::text FROM \"{Schema}\".big WHERE n <> id * 7 OR pad <> repeat(chr(65 + id % 26), 100)"));

        // One target transaction wrote every row (xmin is the inserting transaction), and no reader saw part of it.
        Assert.Equal("1", await PgScalarAsync($"SELECT count(DISTINCT xmin::text)::text FROM \"{Schema}\".big"));
        Assert.Subset(new HashSet<string?> { "0", "5" }, seen);
        Assert.Contains("0", seen);

        // An idle sync peaks at about 70 MB and this one at about 130 MB (the runtime, one 1,000-statement batch, GC slack). The
        // transaction is ~120 MB of row data in the binlog and at least twice that as strings and parameters, so holding even
        // half of it would go far past 200 MB.
        Assert.True(peak is > 0 and < 200L * 1024 * 1024, $"peak resident memory {peak / (1024 * 1024)} MB (in {elapsed.TotalSeconds:0} s)");
    }
}
