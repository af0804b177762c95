namespace Godwit.Demo.Ledger;

/// <summary>The outcome of <see cref="LedgerCheck"/>: what was checked and every disagreement found.</summary>
public sealed record LedgerCheckResult(
    int Entries, int Acknowledged, int Unacknowledged, int Bookings, int Payments, IReadOnlyList<LedgerFailure> Failures)
{
    public bool IsClean => Failures.Count == 0;
}
