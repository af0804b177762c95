using System.Diagnostics;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Postgres;
using Godwit.Postgres.Source;
using Npgsql;
using NpgsqlTypes;

namespace Godwit.Demo.Seeding;

/// <summary>
/// Creates the travel-booking schema on PostgreSQL (dropping any earlier one of that name) and fills it with
/// <see cref="DemoDataGenerator"/> rows: the same rows as <see cref="DemoDatabase"/> makes on MariaDB for the same seed.
/// The URI names the database (created if missing) and, as godwit's PostgreSQL source URI does, the schema
/// (<c>?schema=NAME</c>, default <c>public</c>); its account must be able to create both (the testbed's superuser).
/// Everything happens in one transaction: the schema is there with every row, or not at all.
/// </summary>
public static class PgDemoDatabase
{
    private const string MaintenanceDatabase = "postgres";

    public static async Task<SeedReport> CreateAsync(ConnectionUri admin, double scale, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var database = admin.Database is { Length: > 0 } name
            ? name
            : throw new ArgumentException($"{admin} names no database: the demo database is the one the URI names.", nameof(admin));
        var schema = SchemaOf(admin);
        var clock = Stopwatch.StartNew();
        var data = new DemoDataGenerator(seed).Generate(SeedSize.ForScale(scale));
        var server = admin.WithoutOption(PgSourceProvider.SchemaOption);

        await using var connection = await OpenCreatingAsync(server, database, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in PgDemoSchema.CreateStatements(schema))
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }

        await PgCopyInsert.RunAsync(
            connection, schema, "customers",
            [("id", NpgsqlDbType.Bigint), ("email", NpgsqlDbType.Varchar), ("full_name", NpgsqlDbType.Varchar), ("country", NpgsqlDbType.Char), ("vip", NpgsqlDbType.Boolean), ("created_at", NpgsqlDbType.Timestamp)],
            data.Customers,
            c => [c.Id, c.Email, c.FullName, c.Country, c.Vip, DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Unspecified)],
            cancellationToken);
        await PgCopyInsert.RunAsync(
            connection, schema, "trips",
            [("id", NpgsqlDbType.Integer), ("destination", NpgsqlDbType.Varchar), ("departs_on", NpgsqlDbType.Date), ("duration", NpgsqlDbType.Interval), ("price", NpgsqlDbType.Numeric), ("seats", NpgsqlDbType.Smallint)],
            data.Trips,
            t => [t.Id, t.Destination, t.DepartsOn, t.Duration, t.Price, checked((short)t.Seats)],
            cancellationToken);

        // The status is written as its label: an ENUM's binary form is its label's text.
        await PgCopyInsert.RunAsync(
            connection, schema, "bookings",
            [("id", NpgsqlDbType.Bigint), ("reference", NpgsqlDbType.Varchar), ("customer_id", NpgsqlDbType.Bigint), ("trip_id", NpgsqlDbType.Integer), ("status", NpgsqlDbType.Text), ("extras", NpgsqlDbType.Array | NpgsqlDbType.Text), ("booked_at", NpgsqlDbType.TimestampTz), ("notes", NpgsqlDbType.Jsonb)],
            data.Bookings,
            b => [b.Id, b.Reference, b.CustomerId, b.TripId, b.Status.ToText(), b.Extras?.Split(','), b.BookedAt, b.Notes],
            cancellationToken);
        await PgCopyInsert.RunAsync(
            connection, schema, "payments",
            [("id", NpgsqlDbType.Bigint), ("booking_id", NpgsqlDbType.Bigint), ("amount", NpgsqlDbType.Numeric), ("paid_at", NpgsqlDbType.Timestamp), ("reference", NpgsqlDbType.Uuid)],
            data.Payments,
            p => [p.Id, p.BookingId, p.Amount, DateTime.SpecifyKind(p.PaidAt, DateTimeKind.Unspecified), p.Reference],
            cancellationToken);

        // Rows were given their ids: each identity continues after the largest, as AUTO_INCREMENT does on its own.
        foreach (var table in PgDemoSchema.Tables)
        {
            var qualified = PgIdentifier.Qualify(schema, table);
            await ExecuteAsync(connection, $"SELECT setval(pg_get_serial_sequence('{qualified.Replace("'", "''", StringComparison.Ordinal)}', 'id'), (SELECT max(id) FROM {qualified}))", cancellationToken);
            await ExecuteAsync(connection, $"ANALYZE {qualified}", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SeedReport(
            database, scale, seed, data.Customers.Count, data.Trips.Count, data.Bookings.Count, data.Payments.Count, clock.Elapsed);
    }

    /// <summary>The schema the booking app lives in: the one a PostgreSQL URI names (<c>?schema=</c>), else <c>public</c>.</summary>
    public static string SchemaOf(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.GetOption(PgSourceProvider.SchemaOption) is { Length: > 0 } schema ? schema : "public";
    }

    /// <summary>Opens the database, creating it first (from the maintenance database) when it does not exist.</summary>
    private static async Task<NpgsqlConnection> OpenCreatingAsync(ConnectionUri server, string database, CancellationToken cancellationToken)
    {
        try
        {
            return await PgConnectionFactory.OpenAsync(server, pooled: false, cancellationToken);
        }
        catch (Exception e) when (IsMissingDatabase(e))
        {
            await using (var maintenance = await PgConnectionFactory.OpenAsync(server.WithDatabase(MaintenanceDatabase), pooled: false, cancellationToken))
            {
                await ExecuteAsync(maintenance, $"CREATE DATABASE {PgIdentifier.Quote(database)} ENCODING 'UTF8' TEMPLATE template0", cancellationToken);
            }

            return await PgConnectionFactory.OpenAsync(server, pooled: false, cancellationToken);
        }
    }

    private static bool IsMissingDatabase(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName })
            {
                return true;
            }
        }

        return false;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
