using Godwit.Routing;

namespace Godwit.Demo.Ledger;

/// <summary>
/// One app write, as the app saw it end: <see cref="Acknowledged"/> when its transaction reported success (possibly
/// after retries), otherwise failed, in which case it may or may not have committed.
/// </summary>
/// <param name="Sequence">Order of completion within the run.</param>
/// <param name="Status">The booking's status once the write is applied.</param>
/// <param name="Payment">The payment the write made (book: the deposit, confirm: the balance), if any.</param>
/// <param name="Primary">The primary of the attempt that settled it.</param>
/// <param name="Version">The routing version of that attempt.</param>
/// <param name="Error">Why it failed; for an acknowledged write, the first failure it was retried through, if any.</param>
public sealed record LedgerEntry(
    long Sequence,
    int Worker,
    LedgerOperation Operation,
    string Reference,
    BookingStatus Status,
    Guid? Payment,
    bool Acknowledged,
    RoutingPrimary Primary,
    long Version,
    int Attempts,
    DateTimeOffset At,
    double LatencyMs,
    string? Error);
