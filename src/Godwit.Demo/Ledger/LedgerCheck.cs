using System.Globalization;
using Godwit.Routing;

namespace Godwit.Demo.Ledger;

/// <summary>
/// Holds a database to the app's ledger: every booking a write to which was acknowledged is there exactly once, with
/// the status of the last acknowledged write (or of a later failed one, whose outcome the app never learned); a
/// cancelled booking has no payments left; every acknowledged payment of a booking not cancelled is there exactly once.
/// Given the old primary too, a booking the new primary took in one attempt must not be on the old one.
/// </summary>
public static class LedgerCheck
{
    public static async Task<LedgerCheckResult> RunAsync(
        IReadOnlyList<LedgerEntry> entries, IBookingReader target, IBookingReader? source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(target);
        var expectations = new Dictionary<string, BookingExpectation>(StringComparer.Ordinal);
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            if (!expectations.TryGetValue(entry.Reference, out var expectation))
            {
                expectation = new BookingExpectation(entry.Reference);
                expectations.Add(entry.Reference, expectation);
            }

            expectation.Add(entry);
        }

        var references = expectations.Keys.ToList();
        var onTarget = (await target.ReadBookingsAsync(references, cancellationToken))
            .GroupBy(b => b.Reference, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var paymentIds = expectations.Values.SelectMany(e => e.AcknowledgedPayments.Concat(e.InDoubtPayments)).Distinct().ToList();
        var payments = await target.CountPaymentsAsync(paymentIds, cancellationToken);

        var failures = new List<LedgerFailure>();
        foreach (var expectation in expectations.Values)
        {
            Check(expectation, onTarget.GetValueOrDefault(expectation.Reference) ?? [], payments, failures);
        }

        if (source is not null)
        {
            var targetOnly = expectations.Values.Where(e => e.BookedOnTargetOnly).Select(e => e.Reference).ToList();
            foreach (var leaked in await source.ReadBookingsAsync(targetOnly, cancellationToken))
            {
                failures.Add(new LedgerFailure(leaked.Reference, "booked on the target in one attempt, yet also on the source: a write reached the old primary after the switch"));
            }
        }

        return new LedgerCheckResult(
            entries.Count,
            entries.Count(e => e.Acknowledged),
            entries.Count(e => !e.Acknowledged),
            expectations.Count,
            paymentIds.Count,
            failures);
    }

    private static void Check(BookingExpectation expected, List<BookingOnServer> rows, IReadOnlyDictionary<Guid, long> payments, List<LedgerFailure> failures)
    {
        void Fail(string problem) => failures.Add(new LedgerFailure(expected.Reference, problem));

        if (rows.Count > 1)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"on the target {rows.Count} times"));
        }

        if (rows.Count == 0)
        {
            if (expected.MustExist)
            {
                var last = expected.LastAcknowledged!;
                Fail(string.Create(
                    CultureInfo.InvariantCulture,
                    $"missing on the target, though the app's {Name(last.Operation)} was acknowledged by the {Name(last.Primary)} at {last.At:HH:mm:ss.fff}"));
            }

            return;
        }

        var row = rows[0];
        if (expected.LastAcknowledged is { } acknowledged && !expected.Allows(row.Status))
        {
            Fail($"status is {row.Status.ToText()}, but the last acknowledged write ({Name(acknowledged.Operation)}, #{acknowledged.Sequence}) made it {acknowledged.Status.ToText()}");
        }

        if (row.Status == BookingStatus.Cancelled)
        {
            if (row.Payments > 0)
            {
                Fail(string.Create(CultureInfo.InvariantCulture, $"cancelled, yet {row.Payments} payment(s) remain"));
            }

            return;
        }

        foreach (var payment in expected.AcknowledgedPayments)
        {
            var count = payments.GetValueOrDefault(payment);
            if (count != 1)
            {
                Fail(count == 0
                    ? $"acknowledged payment {payment} is missing"
                    : string.Create(CultureInfo.InvariantCulture, $"acknowledged payment {payment} is there {count} times"));
            }
        }

        foreach (var payment in expected.InDoubtPayments.Where(p => payments.GetValueOrDefault(p) > 1))
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"payment {payment} is there {payments[payment]} times"));
        }
    }

    private static string Name(LedgerOperation operation) => operation.ToString().ToLowerInvariant();

    private static string Name(RoutingPrimary primary) => primary == RoutingPrimary.Target ? "target" : "source";
}
