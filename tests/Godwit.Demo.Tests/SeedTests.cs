using Godwit.Demo.Seeding;

namespace Godwit.Demo.Tests;

public sealed class SeedTests : DemoTestBase
{
    [Fact]
    public async Task Seeding_makes_the_rows_its_scale_promises_and_every_reference_between_them_holds()
    {
        var report = await SeedAsync(scale: 0.1);

        var size = SeedSize.ForScale(0.1);
        Assert.Equal((size.Customers, size.Trips, size.Bookings), (report.Customers, report.Trips, report.Bookings));
        var counts = (await MySql.RowsAsync(
            "SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM trips), (SELECT COUNT(*) FROM bookings), (SELECT COUNT(*) FROM payments)")).Single();
        Assert.Equal(new string?[] { $"{size.Customers}", $"{size.Trips}", $"{size.Bookings}", $"{report.Payments}" }, counts);
        Assert.True(report.Payments > size.Bookings / 2, $"only {report.Payments} payments for {size.Bookings} bookings");

        // Foreign keys are enforced; what the data must also get right is the business: references, refunds, balances.
        Assert.Equal("0", await MySqlScalarAsync("SELECT COUNT(*) FROM payments p LEFT JOIN bookings b ON b.id = p.booking_id WHERE b.id IS NULL"));
        Assert.Equal("0", await MySqlScalarAsync("SELECT COUNT(*) FROM bookings b LEFT JOIN customers c ON c.id = b.customer_id LEFT JOIN trips t ON t.id = b.trip_id WHERE c.id IS NULL OR t.id IS NULL"));
        Assert.Equal("0", await MySqlScalarAsync("SELECT COUNT(*) FROM bookings b JOIN payments p ON p.booking_id = b.id WHERE b.status = 'cancelled'"));
        Assert.Equal("0", await MySqlScalarAsync(
            "SELECT COUNT(*) FROM bookings b JOIN trips t ON t.id = b.trip_id WHERE b.status = 'confirmed' AND (SELECT SUM(p.amount) FROM payments p WHERE p.booking_id = b.id) <> t.price"));
        Assert.Equal($"{size.Bookings}", await MySqlScalarAsync("SELECT COUNT(DISTINCT reference) FROM bookings WHERE CHAR_LENGTH(reference) = 10"));
        Assert.Equal("3", await MySqlScalarAsync("SELECT COUNT(DISTINCT status) FROM bookings"));
        Assert.NotEqual("0", await MySqlScalarAsync("SELECT COUNT(*) FROM confirmed_revenue"));
        Assert.NotEqual("0", await MySqlScalarAsync("SELECT COUNT(*) FROM bookings WHERE JSON_VALUE(notes, '$.seat') IS NOT NULL AND FIND_IN_SET('meal', extras) > 0"));

        // Names from Bogus's Japanese, Greek, Turkish… locales: the copy has four-byte and accented text to carry.
        Assert.NotEqual("0", await MySqlScalarAsync("SELECT COUNT(*) FROM customers WHERE full_name <> CONVERT(full_name USING ascii)"));
        Assert.Equal("0", await MySqlScalarAsync("SELECT COUNT(*) FROM customers WHERE email NOT REGEXP '^[a-z0-9._-]+\\\\.[0-9]+@[a-z.]+$'"));
    }

    [Fact]
    public async Task The_same_seed_makes_the_same_rows_and_another_seed_other_rows()
    {
        await SeedAsync(scale: 0.05, seed: 42);
        var first = await ChecksumsAsync();
        await SeedAsync(scale: 0.05, seed: 42);
        var again = await ChecksumsAsync();
        await SeedAsync(scale: 0.05, seed: 7);
        var other = await ChecksumsAsync();

        Assert.Equal(first, again);
        Assert.All(first.Zip(other), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    private async Task<List<string?>> ChecksumsAsync() =>
        [.. (await MySql.RowsAsync("CHECKSUM TABLE customers, trips, bookings, payments")).Select(r => r[1])];
}
