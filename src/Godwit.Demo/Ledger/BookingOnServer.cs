namespace Godwit.Demo.Ledger;

/// <summary>A booking as a database holds it: its status and how many payments it has.</summary>
public sealed record BookingOnServer(string Reference, BookingStatus Status, long Payments);
