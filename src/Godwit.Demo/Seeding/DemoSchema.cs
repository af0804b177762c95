using Godwit.Core.Ddl;

namespace Godwit.Demo.Seeding;

/// <summary>
/// The travel-booking schema on MariaDB. It keeps the types a migration has to get right (ENUM, SET, JSON, UUID, TIME,
/// DECIMAL, TIMESTAMP(3), DATETIME(6), unsigned keys, a CHECK, foreign keys with ON DELETE CASCADE, a view) and gives
/// bookings and payments a client-generated unique <c>reference</c>, so that the app can retry a write whose outcome it
/// did not learn (a connection lost at COMMIT) and recognise it by that reference instead of booking twice.
/// </summary>
public static class DemoSchema
{
    public static readonly IReadOnlyList<string> Tables = ["customers", "trips", "bookings", "payments"];

    /// <summary>The extras a booking can have, in the SET's declared order (MariaDB stores a SET in that order).</summary>
    public static readonly IReadOnlyList<string> Extras = ["insurance", "meal", "window"];

    /// <summary>The statements that (re)create the database and its objects.</summary>
    public static IReadOnlyList<string> CreateStatements(string database)
    {
        var db = MySqlIdentifier.Quote(database);
        return
        [
            $"DROP DATABASE IF EXISTS {db}",
            $"CREATE DATABASE {db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
            $"""
            CREATE TABLE {db}.customers (
              id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
              email VARCHAR(255) NOT NULL,
              full_name VARCHAR(120) NOT NULL,
              country CHAR(2) NOT NULL,
              vip TINYINT(1) NOT NULL DEFAULT 0,
              created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
              UNIQUE KEY uq_customer_email (email)
            )
            """,
            $"""
            CREATE TABLE {db}.trips (
              id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
              destination VARCHAR(80) NOT NULL,
              departs_on DATE NOT NULL,
              duration TIME NOT NULL,
              price DECIMAL(10,2) NOT NULL,
              seats SMALLINT UNSIGNED NOT NULL,
              CONSTRAINT ck_trip_price CHECK (price >= 0)
            )
            """,
            $"""
            CREATE TABLE {db}.bookings (
              id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
              reference CHAR(10) NOT NULL,
              customer_id BIGINT UNSIGNED NOT NULL,
              trip_id INT UNSIGNED NOT NULL,
              status ENUM('pending','confirmed','cancelled') NOT NULL DEFAULT 'pending',
              extras SET('insurance','meal','window') NULL,
              booked_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
              notes JSON NULL,
              UNIQUE KEY uq_booking_reference (reference),
              KEY ix_booking_customer (customer_id),
              CONSTRAINT fk_booking_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
              CONSTRAINT fk_booking_trip FOREIGN KEY (trip_id) REFERENCES trips (id)
            )
            """,
            $"""
            CREATE TABLE {db}.payments (
              id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
              booking_id BIGINT UNSIGNED NOT NULL,
              amount DECIMAL(12,2) NOT NULL,
              paid_at DATETIME NOT NULL,
              reference UUID NOT NULL,
              UNIQUE KEY uq_payment_reference (reference),
              CONSTRAINT fk_payment_booking FOREIGN KEY (booking_id) REFERENCES bookings (id) ON DELETE CASCADE
            )
            """,
            $"""
            CREATE VIEW {db}.confirmed_revenue AS
              SELECT b.trip_id, SUM(p.amount) AS revenue
              FROM {db}.bookings b JOIN {db}.payments p ON p.booking_id = b.id
              WHERE b.status = 'confirmed'
              GROUP BY b.trip_id
            """,
        ];
    }
}
