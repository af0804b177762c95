using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Postgres;
using Npgsql;

namespace Godwit.Demo.Ledger;

/// <summary>Reads bookings from the PostgreSQL target's migrated schema.</summary>
public sealed class PgBookingReader : IBookingReader
{
    private readonly NpgsqlConnection _connection;
    private readonly string _schema;

    private PgBookingReader(NpgsqlConnection connection, string schema)
    {
        _connection = connection;
        _schema = schema;
    }

    public static async Task<PgBookingReader> OpenAsync(ConnectionUri uri, string schema, CancellationToken cancellationToken) =>
        new(await PgConnectionFactory.OpenAsync(uri, cancellationToken), schema);

    public async Task<IReadOnlyList<BookingOnServer>> ReadBookingsAsync(IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var bookings = PgIdentifier.Qualify(_schema, "bookings");
        var payments = PgIdentifier.Qualify(_schema, "payments");
        await using var command = new NpgsqlCommand(
            $"SELECT b.reference, b.status, (SELECT count(*) FROM {payments} p WHERE p.booking_id = b.id) FROM {bookings} b WHERE b.reference = ANY($1)",
            _connection);
        command.Parameters.Add(new NpgsqlParameter { Value = references.ToArray() });
        var rows = new List<BookingOnServer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new BookingOnServer(reader.GetString(0).TrimEnd(), BookingStatusText.Parse(reader.GetString(1)), reader.GetInt64(2)));
        }

        return rows;
    }

    public async Task<IReadOnlyDictionary<Guid, long>> CountPaymentsAsync(IReadOnlyList<Guid> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        await using var command = new NpgsqlCommand(
            $"SELECT reference, count(*) FROM {PgIdentifier.Qualify(_schema, "payments")} WHERE reference = ANY($1) GROUP BY reference",
            _connection);
        command.Parameters.Add(new NpgsqlParameter { Value = references.ToArray() });
        var counts = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
