namespace Godwit.Demo.Seeding;

/// <summary>What <see cref="DemoDatabase.CreateAsync"/> made.</summary>
public sealed record SeedReport(string Database, double Scale, int Seed, int Customers, int Trips, int Bookings, int Payments, TimeSpan Elapsed)
{
    public int Rows => Customers + Trips + Bookings + Payments;
}
