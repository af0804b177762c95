using System.Globalization;
using Godwit.Core.Connections;
using Godwit.MySql;
using Godwit.Providers.MySql;
using Godwit.Routing;

namespace Godwit.Demo.Traffic;

/// <summary>The booking app on MariaDB, through Godwit's own MySQL client, one connection and its prepared statements.</summary>
public sealed class MySqlBookingStore : IBookingStore
{
    // ER_DUP_ENTRY and ER_DUP_ENTRY_WITH_KEY_NAME.
    private const int DuplicateKey = 1062;
    private const int DuplicateKeyWithName = 1586;

    private readonly MySqlConnection _connection;
    private readonly Dictionary<string, MySqlPreparedStatement> _statements = new(StringComparer.Ordinal);

    private MySqlBookingStore(MySqlConnection connection)
    {
        _connection = connection;
    }

    public RoutingPrimary Primary => RoutingPrimary.Source;

    public static async Task<MySqlBookingStore> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var settings = MySqlUriSettings.From(uri) with { ApplicationName = "godwit-demo-app", MaxPoolSize = 1 };
        var connection = await MySqlConnection.OpenAsync(settings, cancellationToken);
        try
        {
            // booked_at is a TIMESTAMP, which MariaDB reads in the session's zone; the app sends UTC.
            await connection.ExecuteAsync("SET SESSION time_zone = '+00:00'", cancellationToken);
            return new MySqlBookingStore(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task BookAsync(NewBooking booking, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        await _connection.ExecuteAsync("START TRANSACTION", cancellationToken);
        try
        {
            var inserted = await ExecuteAsync(
                "INSERT INTO bookings (reference, customer_id, trip_id, status, extras, booked_at, notes) VALUES (?, ?, ?, 'pending', ?, ?, ?)",
                [booking.Reference, booking.CustomerId, booking.TripId, booking.Extras is null ? null : string.Join(',', booking.Extras), booking.BookedAt, booking.Notes],
                cancellationToken);
            await ExecuteAsync(
                "INSERT INTO payments (booking_id, amount, paid_at, reference) VALUES (?, ?, ?, ?)",
                [checked((long)inserted.LastInsertId), booking.Deposit.Amount, booking.Deposit.PaidAt, booking.Deposit.Reference],
                cancellationToken);
        }
        catch (MySqlException e) when (e.ErrorCode is DuplicateKey or DuplicateKeyWithName)
        {
            await _connection.ExecuteAsync("ROLLBACK", cancellationToken);
            if (await IsBookedAsync(booking, cancellationToken))
            {
                return;
            }

            throw;
        }

        await _connection.ExecuteAsync("COMMIT", cancellationToken);
    }

    public async Task ConfirmAsync(string reference, Guid payment, DateTime paidAt, CancellationToken cancellationToken)
    {
        await _connection.ExecuteAsync("START TRANSACTION", cancellationToken);
        try
        {
            var (id, price) = await LockAsync(reference, cancellationToken);
            var paid = await ScalarDecimalAsync("SELECT COALESCE(SUM(amount), 0) FROM payments WHERE booking_id = ?", [id], cancellationToken);
            await ExecuteAsync(
                "INSERT INTO payments (booking_id, amount, paid_at, reference) VALUES (?, ?, ?, ?)",
                [id, Math.Max(price - paid, 0m), paidAt, payment],
                cancellationToken);
            await ExecuteAsync("UPDATE bookings SET status = 'confirmed' WHERE id = ?", [id], cancellationToken);
        }
        catch (MySqlException e) when (e.ErrorCode is DuplicateKey or DuplicateKeyWithName)
        {
            await _connection.ExecuteAsync("ROLLBACK", cancellationToken);
            if (await ScalarDecimalAsync("SELECT COUNT(*) FROM payments WHERE reference = ?", [payment], cancellationToken) > 0)
            {
                return;
            }

            throw;
        }

        await _connection.ExecuteAsync("COMMIT", cancellationToken);
    }

    public async Task CancelAsync(string reference, CancellationToken cancellationToken)
    {
        await _connection.ExecuteAsync("START TRANSACTION", cancellationToken);
        var (id, _) = await LockAsync(reference, cancellationToken);
        await ExecuteAsync("DELETE FROM payments WHERE booking_id = ?", [id], cancellationToken);
        await ExecuteAsync("UPDATE bookings SET status = 'cancelled' WHERE id = ?", [id], cancellationToken);
        await _connection.ExecuteAsync("COMMIT", cancellationToken);
    }

    public async Task<AppCatalog> LoadCatalogAsync(int openBookings, CancellationToken cancellationToken)
    {
        var trips = new List<(int, decimal)>();
        await using (var reader = await (await StatementAsync("SELECT id, price FROM trips ORDER BY id", cancellationToken)).QueryAsync([], cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                trips.Add((checked((int)reader.GetUInt32(0)), reader.GetDecimal(1)));
            }
        }

        var maxCustomer = (long)await ScalarDecimalAsync("SELECT COALESCE(MAX(id), 0) FROM customers", [], cancellationToken);
        var open = new List<OpenBooking>();
        await using (var reader = await (await StatementAsync(
            "SELECT reference, status FROM bookings WHERE status <> 'cancelled' ORDER BY id DESC LIMIT ?", cancellationToken)).QueryAsync([openBookings], cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                open.Add(new OpenBooking(reader.GetString(0), BookingStatusText.Parse(reader.GetString(1))));
            }
        }

        return new AppCatalog(trips, maxCustomer, open);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values)
        {
            await statement.DisposeAsync();
        }

        _statements.Clear();

        // Closing the session rolls back whatever transaction an error left open.
        await _connection.DisposeAsync();
    }

    private async Task<bool> IsBookedAsync(NewBooking booking, CancellationToken cancellationToken)
    {
        await using var reader = await (await StatementAsync("SELECT customer_id, trip_id FROM bookings WHERE reference = ?", cancellationToken))
            .QueryAsync([booking.Reference], cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            && checked((long)reader.GetUInt64(0)) == booking.CustomerId
            && checked((int)reader.GetUInt32(1)) == booking.TripId;
    }

    /// <summary>Locks the booking's row for the rest of the transaction; its id and its trip's price.</summary>
    private async Task<(long Id, decimal Price)> LockAsync(string reference, CancellationToken cancellationToken)
    {
        await using var reader = await (await StatementAsync(
            "SELECT b.id, t.price FROM bookings b JOIN trips t ON t.id = b.trip_id WHERE b.reference = ? FOR UPDATE", cancellationToken))
            .QueryAsync([reference], cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (checked((long)reader.GetUInt64(0)), reader.GetDecimal(1))
            : throw new BookingNotFoundException(reference);
    }

    private async Task<MySqlCommandResult> ExecuteAsync(string sql, object?[] parameters, CancellationToken cancellationToken) =>
        await (await StatementAsync(sql, cancellationToken)).ExecuteAsync(parameters, cancellationToken);

    private async Task<decimal> ScalarDecimalAsync(string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        await using var reader = await (await StatementAsync(sql, cancellationToken)).QueryAsync(parameters, cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
            ? Convert.ToDecimal(reader.GetValue(0), CultureInfo.InvariantCulture)
            : 0m;
    }

    private async Task<MySqlPreparedStatement> StatementAsync(string sql, CancellationToken cancellationToken)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = await _connection.PrepareAsync(sql, cancellationToken);
            _statements.Add(sql, statement);
        }

        return statement;
    }
}
