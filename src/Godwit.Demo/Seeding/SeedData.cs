namespace Godwit.Demo.Seeding;

/// <summary>The generated rows, with explicit ids so payments can point at their bookings before anything is inserted.</summary>
public sealed record SeedData(
    IReadOnlyList<CustomerRow> Customers,
    IReadOnlyList<TripRow> Trips,
    IReadOnlyList<BookingRow> Bookings,
    IReadOnlyList<PaymentRow> Payments);
