using Godwit.Demo.Ledger;
using Godwit.Demo.Traffic;
using Godwit.Routing;

namespace Godwit.Demo.Tests;

/// <summary>
/// The ledger check catches each way a database can disagree with what the app was told. The app writes to MariaDB
/// for two seconds; then one row is spoiled there behind its back, and MariaDB is held to the ledger.
/// </summary>
public sealed class LedgerCheckTests : DemoTestBase
{
    [Fact]
    public async Task A_booking_the_app_was_told_it_made_but_missing_from_the_database_is_reported()
    {
        var entries = await WriteAsync();
        Assert.Empty(await FailuresAsync(entries));
        var lost = entries.First(e => e.Operation == LedgerOperation.Book).Reference;

        await MySql.ExecuteAsync($"DELETE FROM bookings WHERE reference = '{lost}'");

        var failure = Assert.Single(await FailuresAsync(entries));
        Assert.Equal(lost, failure.Reference);
        Assert.StartsWith("missing on the target", failure.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_booking_written_twice_is_reported()
    {
        var entries = await WriteAsync();
        var twice = entries.Last(e => e.Operation == LedgerOperation.Book).Reference;

        // Only a target that lost its unique key can hold a reference twice; that is exactly what must not pass unseen.
        await MySql.ExecuteAsync($"""
            ALTER TABLE bookings DROP INDEX uq_booking_reference;
            INSERT INTO bookings (reference, customer_id, trip_id, status, booked_at) SELECT reference, customer_id, trip_id, status, booked_at FROM bookings WHERE reference = '{twice}';
            """);

        var failure = Assert.Single(await FailuresAsync(entries));
        Assert.Equal((twice, "on the target 2 times"), (failure.Reference, failure.Problem));
    }

    [Fact]
    public async Task A_status_no_acknowledged_write_set_and_a_payment_left_on_a_cancelled_booking_are_reported()
    {
        var entries = await WriteAsync();
        var cancelled = entries.Last(e => e.Operation == LedgerOperation.Cancel).Reference;
        var confirmed = entries.Last(e => e.Operation == LedgerOperation.Confirm && entries.Last(x => x.Reference == e.Reference).Operation == LedgerOperation.Confirm).Reference;

        await MySql.ExecuteAsync($"""
            INSERT INTO payments (booking_id, amount, paid_at, reference) SELECT id, 10, NOW(), UUID() FROM bookings WHERE reference = '{cancelled}';
            UPDATE bookings SET status = 'pending' WHERE reference = '{confirmed}';
            """);

        var failures = await FailuresAsync(entries);
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Reference == cancelled && f.Problem == "cancelled, yet 1 payment(s) remain");
        Assert.Contains(failures, f => f.Reference == confirmed && f.Problem.StartsWith("status is pending, but the last acknowledged write (confirm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payment_the_app_was_told_it_made_but_missing_is_reported()
    {
        var entries = await WriteAsync();
        var confirm = entries.Last(e => e.Operation == LedgerOperation.Confirm && entries.Last(x => x.Reference == e.Reference).Operation == LedgerOperation.Confirm);

        await MySql.ExecuteAsync($"DELETE FROM payments WHERE reference = '{confirm.Payment}'");

        var failure = Assert.Single(await FailuresAsync(entries));
        Assert.Equal((confirm.Reference, $"acknowledged payment {confirm.Payment} is missing"), (failure.Reference, failure.Problem));
    }

    [Fact]
    public async Task A_write_whose_outcome_the_app_never_learned_may_have_committed_or_not_but_nothing_else()
    {
        await SeedAsync();
        var reference = await MySqlScalarAsync("SELECT reference FROM bookings WHERE status = 'confirmed' ORDER BY id LIMIT 1");
        var at = DateTimeOffset.UtcNow;
        IReadOnlyList<LedgerEntry> entries =
        [
            new(1, 0, LedgerOperation.Confirm, reference!, BookingStatus.Confirmed, null, true, RoutingPrimary.Source, 0, 1, at, 3, null),
            new(2, 0, LedgerOperation.Cancel, reference!, BookingStatus.Cancelled, null, false, RoutingPrimary.Source, 0, 7, at, 60_000, "given up"),
        ];

        Assert.Empty(await FailuresAsync(entries));
        await MySql.ExecuteAsync($"DELETE FROM payments WHERE booking_id = (SELECT id FROM bookings WHERE reference = '{reference}'); UPDATE bookings SET status = 'cancelled' WHERE reference = '{reference}'");
        Assert.Empty(await FailuresAsync(entries));
        await MySql.ExecuteAsync($"UPDATE bookings SET status = 'pending' WHERE reference = '{reference}'");
        var failure = Assert.Single(await FailuresAsync(entries));
        Assert.StartsWith("status is pending", failure.Problem, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<LedgerEntry>> WriteAsync()
    {
        await SeedAsync();
        WriteRouting(RoutingPrimary.Source, 0);
        var report = await new BookingTraffic(Traffic(rate: 60, duration: TimeSpan.FromSeconds(2.5))).RunAsync(CancellationToken.None);
        Assert.Equal(0, report.Failed);
        var entries = TrafficLedger.Read(LedgerPath);
        Assert.All(Enum.GetValues<LedgerOperation>(), op => Assert.Contains(entries, e => e.Operation == op));
        return entries;
    }

    private async Task<IReadOnlyList<LedgerFailure>> FailuresAsync(IReadOnlyList<LedgerEntry> entries)
    {
        await using var reader = await MySqlBookingReader.OpenAsync(MySql.Uri, CancellationToken.None);
        return (await LedgerCheck.RunAsync(entries, reader, null, CancellationToken.None)).Failures;
    }
}
