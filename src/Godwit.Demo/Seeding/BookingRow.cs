namespace Godwit.Demo.Seeding;

/// <param name="Extras">The SET value, comma-separated in declared order, or null.</param>
/// <param name="Notes">A JSON object, or null.</param>
public sealed record BookingRow(
    long Id, string Reference, long CustomerId, int TripId, BookingStatus Status, string? Extras, DateTime BookedAt, string? Notes);
