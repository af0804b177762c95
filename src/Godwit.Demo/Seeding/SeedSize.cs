namespace Godwit.Demo.Seeding;

/// <summary>How many rows a scale makes. Scale 1 is about 60,000 rows: the demo's copy takes seconds.</summary>
public sealed record SeedSize(int Customers, int Trips, int Bookings)
{
    public static SeedSize ForScale(double scale)
    {
        if (!(scale >= 0.01) || scale > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be between 0.01 and 10,000.");
        }

        return new SeedSize(Rows(5_000, scale), Rows(300, scale), Rows(25_000, scale));
    }

    private static int Rows(int perUnit, double scale) => Math.Max(1, (int)Math.Round(perUnit * scale));
}
