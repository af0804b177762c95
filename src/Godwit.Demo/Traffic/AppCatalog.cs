namespace Godwit.Demo.Traffic;

/// <summary>What the app reads once at start: the trips on sale, the customers' id range, and recent open bookings.</summary>
public sealed record AppCatalog(IReadOnlyList<(int Id, decimal Price)> Trips, long MaxCustomerId, IReadOnlyList<OpenBooking> OpenBookings);
