namespace Godwit.Demo.Ledger;

/// <summary>Reads bookings and payments by their references, for holding a database to the ledger.</summary>
public interface IBookingReader : IAsyncDisposable
{
    /// <summary>Every row whose reference is one of <paramref name="references"/> (a reference present twice comes twice).</summary>
    Task<IReadOnlyList<BookingOnServer>> ReadBookingsAsync(IReadOnlyList<string> references, CancellationToken cancellationToken);

    /// <summary>How many payments carry each of <paramref name="references"/> (absent ones are left out).</summary>
    Task<IReadOnlyDictionary<Guid, long>> CountPaymentsAsync(IReadOnlyList<Guid> references, CancellationToken cancellationToken);
}
