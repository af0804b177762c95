namespace Godwit.Demo.Traffic;

/// <summary>A booking the app may still confirm or cancel.</summary>
public sealed record OpenBooking(string Reference, BookingStatus Status);
