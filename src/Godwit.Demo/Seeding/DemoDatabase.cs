using System.Diagnostics;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.MySql;
using Godwit.Providers.MySql;

namespace Godwit.Demo.Seeding;

/// <summary>
/// Creates the travel-booking database on MariaDB (dropping any earlier one of that name) and fills it with
/// <see cref="DemoDataGenerator"/> rows. The database is the one the URI names; the URI's account must be able to
/// create databases (the testbed's admin account).
/// </summary>
public static class DemoDatabase
{
    public static async Task<SeedReport> CreateAsync(ConnectionUri admin, double scale, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var database = admin.Database is { Length: > 0 } name
            ? name
            : throw new ArgumentException($"{admin} names no database: the demo database is the one the URI names.", nameof(admin));
        var clock = Stopwatch.StartNew();
        var data = new DemoDataGenerator(seed).Generate(SeedSize.ForScale(scale));

        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(admin) with { Database = null }, cancellationToken);
        foreach (var statement in DemoSchema.CreateStatements(database))
        {
            await connection.ExecuteAsync(statement, cancellationToken);
        }

        await connection.ExecuteAsync($"USE {MySqlIdentifier.Quote(database)}", cancellationToken);

        // TIMESTAMP values are given in UTC; the session's zone decides how MariaDB reads them.
        await connection.ExecuteAsync("SET SESSION time_zone = '+00:00'", cancellationToken);
        await InTransactionAsync(connection, ct => MultiRowInsert.RunAsync(
            connection, "customers", ["id", "email", "full_name", "country", "vip", "created_at"], data.Customers,
            c => [c.Id, c.Email, c.FullName, c.Country, c.Vip, c.CreatedAt], ct), cancellationToken);
        await InTransactionAsync(connection, ct => MultiRowInsert.RunAsync(
            connection, "trips", ["id", "destination", "departs_on", "duration", "price", "seats"], data.Trips,
            t => [t.Id, t.Destination, t.DepartsOn, t.Duration, t.Price, t.Seats], ct), cancellationToken);
        await InTransactionAsync(connection, ct => MultiRowInsert.RunAsync(
            connection, "bookings", ["id", "reference", "customer_id", "trip_id", "status", "extras", "booked_at", "notes"], data.Bookings,
            b => [b.Id, b.Reference, b.CustomerId, b.TripId, b.Status.ToText(), b.Extras, b.BookedAt, b.Notes], ct), cancellationToken);
        await InTransactionAsync(connection, ct => MultiRowInsert.RunAsync(
            connection, "payments", ["id", "booking_id", "amount", "paid_at", "reference"], data.Payments,
            p => [p.Id, p.BookingId, p.Amount, p.PaidAt, p.Reference.ToString()], ct), cancellationToken);

        return new SeedReport(
            database, scale, seed, data.Customers.Count, data.Trips.Count, data.Bookings.Count, data.Payments.Count, clock.Elapsed);
    }

    private static async Task InTransactionAsync(MySqlConnection connection, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("START TRANSACTION", cancellationToken);
        await work(cancellationToken);
        await connection.ExecuteAsync("COMMIT", cancellationToken);
    }
}
