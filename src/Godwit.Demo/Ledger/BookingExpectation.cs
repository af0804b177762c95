using Godwit.Routing;

namespace Godwit.Demo.Ledger;

/// <summary>What the ledger says one booking must look like: folded from its entries in the order they settled.</summary>
internal sealed class BookingExpectation(string reference)
{
    public string Reference { get; } = reference;

    /// <summary>Some write to the booking was acknowledged: it must exist exactly once.</summary>
    public bool MustExist { get; private set; }

    public LedgerEntry? LastAcknowledged { get; private set; }

    /// <summary>Statuses of failed writes after the last acknowledged one: each may or may not have committed.</summary>
    public HashSet<BookingStatus> InDoubt { get; } = [];

    /// <summary>Booked in one attempt on the target: no attempt of it can have reached the source.</summary>
    public bool BookedOnTargetOnly { get; private set; }

    public List<Guid> AcknowledgedPayments { get; } = [];

    public List<Guid> InDoubtPayments { get; } = [];

    public void Add(LedgerEntry entry)
    {
        if (entry.Acknowledged)
        {
            MustExist = true;
            LastAcknowledged = entry;
            InDoubt.Clear();
            if (entry.Operation == LedgerOperation.Book)
            {
                BookedOnTargetOnly = entry.Primary == RoutingPrimary.Target && entry.Attempts == 1;
            }

            if (entry.Payment is { } payment)
            {
                AcknowledgedPayments.Add(payment);
            }
        }
        else
        {
            InDoubt.Add(entry.Status);
            if (entry.Payment is { } payment)
            {
                InDoubtPayments.Add(payment);
            }
        }
    }

    public bool Allows(BookingStatus status) => LastAcknowledged?.Status == status || InDoubt.Contains(status);
}
