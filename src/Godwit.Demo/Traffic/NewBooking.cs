namespace Godwit.Demo.Traffic;

/// <summary>A booking the app is about to make, with its deposit.</summary>
/// <param name="Extras">The chosen extras in the SET's declared order, or null.</param>
/// <param name="BookedAt">UTC, whole milliseconds (TIMESTAMP(3)).</param>
/// <param name="Notes">A JSON object, or null.</param>
public sealed record NewBooking(
    string Reference, long CustomerId, int TripId, string[]? Extras, DateTime BookedAt, string? Notes, Deposit Deposit);
