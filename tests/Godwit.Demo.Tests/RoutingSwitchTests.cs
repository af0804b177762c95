using System.Globalization;
using Godwit.Demo.Ledger;
using Godwit.Demo.Traffic;
using Godwit.MySql;
using Godwit.Routing;

namespace Godwit.Demo.Tests;

/// <summary>
/// The app moves to PostgreSQL when its routing file says so, in the middle of its writes, and no write it was told
/// succeeded goes missing. The switch is made by hand the way godwit cutover makes it (freeze, drain, identities,
/// routing file, end the old sessions), except that the freeze is a lock on this test's tables: SET GLOBAL read_only
/// would freeze every other test on the shared testbed too.
/// </summary>
public sealed class RoutingSwitchTests : DemoTestBase
{
    private static readonly string[] Tables = ["customers", "trips", "bookings", "payments"];

    [Fact]
    public async Task A_switch_of_the_routing_file_mid_run_moves_the_writes_to_PostgreSQL_and_loses_none()
    {
        await SeedAsync();
        WriteRouting(RoutingPrimary.Source, 0);
        var serverId = Random.Shared.Next(0x20000000, 0x2FFFFFFF).ToString(CultureInfo.InvariantCulture);
        using var migrate = ProcessRun.Start(
            "godwit", ["migrate", "--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString(), "--follow", "--server-id", serverId]);

        // The first ./godwit of a test run may build the CLI first.
        await WaitForAsync(
            () => Task.FromResult(migrate.StdErr.Contains("following the change stream", StringComparison.Ordinal) || migrate.HasExited),
            TimeSpan.FromMinutes(4),
            "the copy to finish");
        Assert.False(migrate.HasExited, migrate.StdErr);

        using var stop = new CancellationTokenSource();
        var running = new BookingTraffic(Traffic(rate: 40, workers: 4)).RunAsync(stop.Token);
        await WaitForAsync(() => Task.FromResult(Acknowledged(RoutingPrimary.Source) >= 40), TimeSpan.FromSeconds(30), "40 writes on MariaDB");

        await using (var freeze = await MySql.OpenAsync())
        {
            await FreezeAsync(freeze);
            await WaitForAsync(SameOnBothSidesAsync, TimeSpan.FromSeconds(60), "the change stream to apply every frozen write");
            foreach (var table in new[] { "bookings", "payments" })
            {
                await Postgres.ExecuteAsync($"SELECT setval(pg_get_serial_sequence('\"{MySql.Name}\".\"{table}\"', 'id'), (SELECT max(id) FROM \"{MySql.Name}\".\"{table}\"))");
            }

            RoutingFile.Write(RoutingPath, RoutingFile.Read(RoutingPath)!.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow));

            // The app notices within a poll (20 ms); then its sessions on MariaDB, blocked by the freeze, are ended, as
            // the cutover's grace period ends them: their writes roll back and are retried on PostgreSQL.
            await Task.Delay(500);
            await KillAppSessionsAsync(freeze);
            await freeze.ExecuteAsync("UNLOCK TABLES", CancellationToken.None);
        }

        await WaitForAsync(() => Task.FromResult(Acknowledged(RoutingPrimary.Target) >= 40), TimeSpan.FromSeconds(60), "40 writes on PostgreSQL");
        await stop.CancelAsync();
        var report = await running;

        Assert.Equal(0, report.Failed);
        Assert.Equal(RoutingPrimary.Target, report.FinalPrimary);
        Assert.NotNull(report.SwitchSeenAt);
        Assert.True(report.AcknowledgedOnSource >= 40 && report.AcknowledgedOnTarget >= 40, $"{report.AcknowledgedOnSource} on the source, {report.AcknowledgedOnTarget} on the target");
        var entries = TrafficLedger.Read(LedgerPath);
        Assert.All(Enum.GetValues<LedgerOperation>(), op => Assert.Contains(entries, e => e.Operation == op && e.Primary == RoutingPrimary.Target));

        await using var target = await PgBookingReader.OpenAsync(Postgres.Uri, MySql.Name, CancellationToken.None);
        await using var source = await MySqlBookingReader.OpenAsync(MySql.Uri, CancellationToken.None);
        var check = await LedgerCheck.RunAsync(entries, target, source, CancellationToken.None);
        Assert.True(check.IsClean, string.Join("\n", check.Failures));

        var command = await DemoCliRun.RunAsync(
            "check", "--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString(), "--ledger", LedgerPath);
        Assert.True(command.Code == 0, command.StdOut + command.StdErr);
        Assert.Contains("all on the target exactly as acknowledged", command.StdOut, StringComparison.Ordinal);
    }

    private long Acknowledged(RoutingPrimary primary) =>
        File.Exists(LedgerPath) ? TrafficLedger.Read(LedgerPath).Count(e => e.Acknowledged && e.Primary == primary) : 0;

    private static async Task FreezeAsync(MySqlConnection connection)
    {
        // FLUSH waits for the app's open transactions; one of them may lose a metadata-lock deadlock against it
        // (the app retries that), or, rarely, the FLUSH itself does.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.ExecuteAsync($"FLUSH TABLES {string.Join(", ", Tables)} WITH READ LOCK", CancellationToken.None);
                return;
            }
            catch (MySqlException e) when (e.ErrorCode == 1213 && attempt < 5)
            {
            }
        }
    }

    private async Task<bool> SameOnBothSidesAsync()
    {
        const string Fingerprint = "SELECT (SELECT COUNT(*) FROM {0}bookings), (SELECT COUNT(*) FROM {0}bookings WHERE status = 'confirmed'), "
            + "(SELECT COUNT(*) FROM {0}bookings WHERE status = 'cancelled'), (SELECT COUNT(*) FROM {0}payments), (SELECT SUM(amount) FROM {0}payments)";
        var source = (await MySql.RowsAsync(string.Format(CultureInfo.InvariantCulture, Fingerprint, string.Empty))).Single();
        var target = (await Postgres.RowsAsync(string.Format(CultureInfo.InvariantCulture, Fingerprint, $"\"{MySql.Name}\"."))).Single();
        return source.SequenceEqual(target);
    }

    private async Task KillAppSessionsAsync(MySqlConnection admin)
    {
        var sessions = new List<long>();
        await using (var statement = await admin.PrepareAsync("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?", CancellationToken.None))
        await using (var reader = await statement.QueryAsync([AppUser], CancellationToken.None))
        {
            while (await reader.ReadAsync(CancellationToken.None))
            {
                sessions.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        foreach (var id in sessions)
        {
            try
            {
                await admin.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"KILL CONNECTION {id}"), CancellationToken.None);
            }
            catch (MySqlException e) when (e.ErrorCode == 1094)
            {
                // ER_NO_SUCH_THREAD: it ended on its own meanwhile.
            }
        }
    }
}
