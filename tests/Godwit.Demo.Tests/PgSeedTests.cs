using System.Globalization;
using System.Text.Json.Nodes;
using Godwit.Core.Connections;
using Godwit.Demo.Seeding;
using Godwit.Postgres;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Demo.Tests;

public sealed class PgSeedTests : PgDemoTestBase
{
    private static readonly string[] Tables = ["customers", "trips", "bookings", "payments"];

    [Fact]
    public async Task Seeding_PostgreSQL_makes_the_rows_its_scale_promises_in_the_named_schema_and_every_reference_between_them_holds()
    {
        var report = await SeedAsync(scale: 0.1);

        var size = SeedSize.ForScale(0.1);
        Assert.Equal((size.Customers, size.Trips, size.Bookings), (report.Customers, report.Trips, report.Bookings));
        Assert.Equal(SourceDb.Name, report.Database);
        var counts = (await SourceDb.RowsAsync(
            "SELECT (SELECT count(*) FROM booking.customers), (SELECT count(*) FROM booking.trips), (SELECT count(*) FROM booking.bookings), (SELECT count(*) FROM booking.payments)")).Single();
        Assert.Equal(new string?[] { $"{size.Customers}", $"{size.Trips}", $"{size.Bookings}", $"{report.Payments}" }, counts);
        Assert.Equal("0", await SourceScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        // The business the data must get right, as on MariaDB: references, refunds, balances.
        Assert.Equal("0", await SourceScalarAsync("SELECT count(*) FROM booking.bookings b JOIN booking.payments p ON p.booking_id = b.id WHERE b.status = 'cancelled'"));
        Assert.Equal("0", await SourceScalarAsync(
            "SELECT count(*) FROM booking.bookings b JOIN booking.trips t ON t.id = b.trip_id WHERE b.status = 'confirmed' AND (SELECT sum(p.amount) FROM booking.payments p WHERE p.booking_id = b.id) <> t.price"));
        Assert.Equal($"{size.Bookings}", await SourceScalarAsync("SELECT count(DISTINCT reference) FROM booking.bookings WHERE char_length(reference) = 10"));
        Assert.Equal("3", await SourceScalarAsync("SELECT count(DISTINCT status) FROM booking.bookings"));
        Assert.NotEqual("0", await SourceScalarAsync("SELECT count(*) FROM booking.confirmed_revenue"));
        Assert.NotEqual("0", await SourceScalarAsync("SELECT count(*) FROM booking.bookings WHERE notes ? 'seat' AND 'meal' = ANY (extras)"));
        Assert.NotEqual("0", await SourceScalarAsync("SELECT count(*) FROM booking.customers WHERE full_name !~ '^[[:ascii:]]*$'"));
        Assert.Equal("0", await SourceScalarAsync("SELECT count(*) FROM booking.trips WHERE duration < interval '2 days'"));
    }

    [Fact]
    public async Task Every_demo_table_has_a_primary_key_so_godwit_can_publish_it_and_each_identity_continues_after_the_seeded_rows()
    {
        await SeedAsync();

        // Without a key (and REPLICA IDENTITY DEFAULT) a published table refuses its own UPDATE and DELETE: godwit refuses it.
        var keyed = await SourceDb.RowsAsync(
            """
            SELECT c.relname, c.relreplident, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'booking' AND c.relkind = 'r' ORDER BY c.relname
            """);
        Assert.Equal(Tables.Order(StringComparer.Ordinal), keyed.Select(r => r[0]));
        Assert.All(keyed, r => Assert.Equal(("d", "True"), (r[1], r[2])));

        // Rows went in with their ids: a row the app adds gets the next one, not a duplicate key.
        foreach (var table in Tables)
        {
            var max = await SourceScalarAsync($"SELECT max(id) FROM booking.{table}");
            var next = await SourceScalarAsync($"SELECT nextval(pg_get_serial_sequence('booking.{table}', 'id'))");
            Assert.Equal(long.Parse(max!, CultureInfo.InvariantCulture) + 1, long.Parse(next!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task The_same_seed_makes_the_same_rows_on_PostgreSQL_as_on_MariaDB()
    {
        await using var mysql = await MySqlScratchDatabase.CreateAsync();
        await DemoDatabase.CreateAsync(mysql.Uri, 0.05, 42, CancellationToken.None);
        await PgDemoDatabase.CreateAsync(SourceAdmin, 0.05, 42, CancellationToken.None);

        // Each table's rows as one text per row, in id order: the same on both engines when the rows are the same. Times
        // are compared as numbers (a TIMESTAMP's text depends on the session's time zone, an epoch does not).
        string[][] queries =
        [
            ["SELECT CONCAT_WS('|', id, email, full_name, country, vip, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f')) FROM customers ORDER BY id",
             "SELECT concat_ws('|', id, email, full_name, country, vip::int, to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.US')) FROM booking.customers ORDER BY id"],
            ["SELECT CONCAT_WS('|', id, destination, departs_on, TIME_TO_SEC(duration), price, seats) FROM trips ORDER BY id",
             "SELECT concat_ws('|', id, destination, departs_on, extract(epoch FROM duration)::bigint, price, seats) FROM booking.trips ORDER BY id"],
            ["SELECT CONCAT_WS('|', id, reference, customer_id, trip_id, status, COALESCE(extras, '-'), ROUND(UNIX_TIMESTAMP(booked_at) * 1000)) FROM bookings ORDER BY id",
             "SELECT concat_ws('|', id, reference, customer_id, trip_id, status, coalesce(array_to_string(extras, ','), '-'), round(extract(epoch FROM booked_at) * 1000)) FROM booking.bookings ORDER BY id"],
            ["SELECT CONCAT_WS('|', id, booking_id, amount, paid_at, reference) FROM payments ORDER BY id",
             "SELECT concat_ws('|', id, booking_id, amount, to_char(paid_at, 'YYYY-MM-DD HH24:MI:SS'), reference) FROM booking.payments ORDER BY id"],
        ];
        foreach (var pair in queries)
        {
            var onMariaDb = (await mysql.RowsAsync(pair[0])).Select(r => r[0]).ToList();
            var onPostgres = (await SourceDb.RowsAsync(pair[1])).Select(r => r[0]).ToList();
            Assert.NotEmpty(onPostgres);
            Assert.Equal(onMariaDb, onPostgres);
        }

        // The notes compare as JSON values: jsonb keeps its own key order and spacing.
        var mariaDbNotes = (await mysql.RowsAsync("SELECT id, notes FROM bookings WHERE notes IS NOT NULL ORDER BY id")).ToList();
        var postgresNotes = (await SourceDb.RowsAsync("SELECT id, notes::text FROM booking.bookings WHERE notes IS NOT NULL ORDER BY id")).ToList();
        Assert.NotEmpty(postgresNotes);
        Assert.Equal(mariaDbNotes.Select(r => r[0]), postgresNotes.Select(r => r[0]));
        Assert.All(mariaDbNotes.Zip(postgresNotes), pair => Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(pair.First[1]!), JsonNode.Parse(pair.Second[1]!)), $"{pair.First[1]} <> {pair.Second[1]}"));
    }

    [Fact]
    public async Task Seeding_creates_a_missing_database_and_seeding_again_replaces_the_schema_with_the_new_rows()
    {
        var name = ScratchName.New();
        var admin = ConnectionUri.Parse(TestServers.Postgres.WithDatabase(name).ToUnmaskedString() + "?schema=" + Schema);
        try
        {
            var first = await PgDemoDatabase.CreateAsync(admin, 0.02, 42, CancellationToken.None);
            await using (var connection = await PgConnectionFactory.OpenAsync(TestServers.Postgres.WithDatabase(name), CancellationToken.None))
            {
                await Execute(connection, "INSERT INTO booking.trips (destination, departs_on, duration, price, seats) VALUES ('left over', '2030-01-01', '1 day', 1, 1)");
            }

            var second = await PgDemoDatabase.CreateAsync(admin, 0.01, 7, CancellationToken.None);

            Assert.Equal(name, first.Database);
            await using var check = await PgConnectionFactory.OpenAsync(TestServers.Postgres.WithDatabase(name), CancellationToken.None);
            await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM booking.trips), (SELECT count(*) FROM booking.trips WHERE destination = 'left over')", check);
            await using var reader = await count.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((second.Trips, 0L), (checked((int)reader.GetInt64(0)), reader.GetInt64(1)));
        }
        finally
        {
            await using var server = await PgConnectionFactory.OpenAsync(TestServers.Postgres, CancellationToken.None);
            await Execute(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
