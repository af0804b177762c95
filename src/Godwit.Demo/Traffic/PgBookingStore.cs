using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Postgres;
using Godwit.Routing;
using Npgsql;
using NpgsqlTypes;

namespace Godwit.Demo.Traffic;

/// <summary>
/// The booking app on PostgreSQL: the same transactions on the migrated schema after the cutover, through Npgsql, or on
/// a PostgreSQL source's schema before it (the migration copies that schema as it is).
/// </summary>
public sealed class PgBookingStore : IBookingStore
{
    private const string UniqueViolation = "23505";

    private readonly NpgsqlConnection _connection;
    private readonly string _bookings;
    private readonly string _payments;
    private readonly string _trips;
    private readonly string _customers;

    private PgBookingStore(NpgsqlConnection connection, string schema, RoutingPrimary primary)
    {
        _connection = connection;
        Primary = primary;
        _bookings = PgIdentifier.Qualify(schema, "bookings");
        _payments = PgIdentifier.Qualify(schema, "payments");
        _trips = PgIdentifier.Qualify(schema, "trips");
        _customers = PgIdentifier.Qualify(schema, "customers");
    }

    public RoutingPrimary Primary { get; }

    /// <summary>Opens an unpooled connection: after an error the app throws the session away, and with it any transaction.</summary>
    /// <param name="primary">Which side of the routing file this database is: the target, or a PostgreSQL source.</param>
    public static async Task<PgBookingStore> OpenAsync(ConnectionUri uri, string schema, RoutingPrimary primary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var builder = PgConnectionFactory.ToConnectionString(uri);
        builder.Pooling = false;
        builder.ApplicationName = "godwit-demo-app";
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new PgBookingStore(connection, schema, primary);
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
        var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await using (transaction)
        {
            try
            {
                await using var insert = Command(
                    $"INSERT INTO {_bookings} (reference, customer_id, trip_id, status, extras, booked_at, notes) VALUES ($1, $2, $3, 'pending', $4, $5, $6) RETURNING id",
                    booking.Reference,
                    booking.CustomerId,
                    (long)booking.TripId,
                    new NpgsqlParameter { Value = (object?)booking.Extras ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    DateTime.SpecifyKind(booking.BookedAt, DateTimeKind.Utc),
                    new NpgsqlParameter { Value = (object?)booking.Notes ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                await InsertPaymentAsync(id, booking.Deposit.Amount, booking.Deposit.PaidAt, booking.Deposit.Reference, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                await transaction.RollbackAsync(cancellationToken);
                await using var lookup = Command($"SELECT customer_id = $2 AND trip_id = $3 FROM {_bookings} WHERE reference = $1", booking.Reference, booking.CustomerId, (long)booking.TripId);
                if (await lookup.ExecuteScalarAsync(cancellationToken) is true)
                {
                    return;
                }

                throw;
            }
        }
    }

    public async Task ConfirmAsync(string reference, Guid payment, DateTime paidAt, CancellationToken cancellationToken)
    {
        var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await using (transaction)
        {
            try
            {
                var (id, price) = await LockAsync(reference, cancellationToken);
                await using var sum = Command($"SELECT COALESCE(SUM(amount), 0) FROM {_payments} WHERE booking_id = $1", id);
                var paid = Convert.ToDecimal(await sum.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                await InsertPaymentAsync(id, Math.Max(price - paid, 0m), paidAt, payment, cancellationToken);
                await using var update = Command($"UPDATE {_bookings} SET status = 'confirmed' WHERE id = $1", id);
                await update.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                await transaction.RollbackAsync(cancellationToken);
                await using var lookup = Command($"SELECT count(*) FROM {_payments} WHERE reference = $1", payment);
                if (Convert.ToInt64(await lookup.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    return;
                }

                throw;
            }
        }
    }

    public async Task CancelAsync(string reference, CancellationToken cancellationToken)
    {
        var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        await using (transaction)
        {
            var (id, _) = await LockAsync(reference, cancellationToken);
            await using var delete = Command($"DELETE FROM {_payments} WHERE booking_id = $1", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await using var update = Command($"UPDATE {_bookings} SET status = 'cancelled' WHERE id = $1", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async Task<AppCatalog> LoadCatalogAsync(int openBookings, CancellationToken cancellationToken)
    {
        var trips = new List<(int, decimal)>();
        await using (var command = Command($"SELECT id, price FROM {_trips} ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                trips.Add((Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetDecimal(1)));
            }
        }

        await using var max = Command($"SELECT COALESCE(MAX(id), 0) FROM {_customers}");
        var maxCustomer = Convert.ToInt64(await max.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        var open = new List<OpenBooking>();
        await using (var command = Command($"SELECT reference, status FROM {_bookings} WHERE status <> 'cancelled' ORDER BY id DESC LIMIT $1", (long)openBookings))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                open.Add(new OpenBooking(reader.GetString(0).TrimEnd(), BookingStatusText.Parse(reader.GetString(1))));
            }
        }

        return new AppCatalog(trips, maxCustomer, open);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<(long Id, decimal Price)> LockAsync(string reference, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT b.id, t.price FROM {_bookings} b JOIN {_trips} t ON t.id = b.trip_id WHERE b.reference = $1 FOR UPDATE OF b", reference);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetDecimal(1))
            : throw new BookingNotFoundException(reference);
    }

    private async Task InsertPaymentAsync(long bookingId, decimal amount, DateTime paidAt, Guid reference, CancellationToken cancellationToken)
    {
        await using var command = Command(
            $"INSERT INTO {_payments} (booking_id, amount, paid_at, reference) VALUES ($1, $2, $3, $4)",
            bookingId,
            amount,
            DateTime.SpecifyKind(paidAt, DateTimeKind.Unspecified),
            reference);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
