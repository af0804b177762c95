using Godwit.Routing;

namespace Godwit.Demo.Traffic;

/// <summary>
/// The app's writes against one primary, each one transaction that is safe to run again after an unknown outcome:
/// inserts carry a client-generated reference (a duplicate key on retry means the first try committed), status changes
/// are absolute. After any exception the store must be disposed, not reused: that is what rolls the transaction back.
/// </summary>
public interface IBookingStore : IAsyncDisposable
{
    RoutingPrimary Primary { get; }

    /// <summary>Inserts a pending booking and its deposit.</summary>
    Task BookAsync(NewBooking booking, CancellationToken cancellationToken);

    /// <summary>
    /// Pays the balance (the trip's price less what was paid) as payment <paramref name="payment"/> and marks the
    /// booking confirmed.
    /// </summary>
    /// <param name="paidAt">Whole seconds, no time zone.</param>
    Task ConfirmAsync(string reference, Guid payment, DateTime paidAt, CancellationToken cancellationToken);

    /// <summary>Refunds the booking (deletes its payments) and marks it cancelled.</summary>
    Task CancelAsync(string reference, CancellationToken cancellationToken);

    Task<AppCatalog> LoadCatalogAsync(int openBookings, CancellationToken cancellationToken);
}
