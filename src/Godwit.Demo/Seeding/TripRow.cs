namespace Godwit.Demo.Seeding;

public sealed record TripRow(int Id, string Destination, DateOnly DepartsOn, TimeSpan Duration, decimal Price, ushort Seats);
