using Godwit.Demo.Ledger;

namespace Godwit.Demo.Traffic;

/// <summary>One write the app decided on, fixed before its first attempt so every retry repeats exactly the same write.</summary>
internal sealed record BookingWrite(LedgerOperation Operation, string Reference, BookingStatus StatusAfter, Guid? Payment, NewBooking? Booking, DateTime PaidAt)
{
    public Task ApplyAsync(IBookingStore store, CancellationToken cancellationToken) => Operation switch
    {
        LedgerOperation.Book => store.BookAsync(Booking!, cancellationToken),
        LedgerOperation.Confirm => store.ConfirmAsync(Reference, Payment!.Value, PaidAt, cancellationToken),
        _ => store.CancelAsync(Reference, cancellationToken),
    };
}
