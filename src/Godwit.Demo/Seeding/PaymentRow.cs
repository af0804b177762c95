namespace Godwit.Demo.Seeding;

public sealed record PaymentRow(long Id, long BookingId, decimal Amount, DateTime PaidAt, Guid Reference);
