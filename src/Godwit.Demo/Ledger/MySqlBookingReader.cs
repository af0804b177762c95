using Godwit.Core.Connections;
using Godwit.MySql;
using Godwit.Providers.MySql;

namespace Godwit.Demo.Ledger;

/// <summary>Reads bookings from the MariaDB source, a few hundred references per prepared query.</summary>
public sealed class MySqlBookingReader : IBookingReader
{
    private const int Batch = 500;

    private readonly MySqlConnection _connection;

    private MySqlBookingReader(MySqlConnection connection)
    {
        _connection = connection;
    }

    public static async Task<MySqlBookingReader> OpenAsync(ConnectionUri uri, CancellationToken cancellationToken) =>
        new(await MySqlConnection.OpenAsync(MySqlUriSettings.From(uri), cancellationToken));

    public async Task<IReadOnlyList<BookingOnServer>> ReadBookingsAsync(IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var rows = new List<BookingOnServer>();
        foreach (var chunk in references.Chunk(Batch))
        {
            var sql = "SELECT b.reference, b.status, (SELECT COUNT(*) FROM payments p WHERE p.booking_id = b.id) FROM bookings b WHERE b.reference IN ("
                + Placeholders(chunk.Length) + ")";
            await using var statement = await _connection.PrepareAsync(sql, cancellationToken);
            await using var reader = await statement.QueryAsync([.. chunk], cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new BookingOnServer(reader.GetString(0), BookingStatusText.Parse(reader.GetString(1)), reader.GetInt64(2)));
            }
        }

        return rows;
    }

    public async Task<IReadOnlyDictionary<Guid, long>> CountPaymentsAsync(IReadOnlyList<Guid> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var counts = new Dictionary<Guid, long>();
        foreach (var chunk in references.Chunk(Batch))
        {
            var sql = "SELECT reference, COUNT(*) FROM payments WHERE reference IN (" + Placeholders(chunk.Length) + ") GROUP BY reference";
            await using var statement = await _connection.PrepareAsync(sql, cancellationToken);
            await using var reader = await statement.QueryAsync([.. chunk.Select(g => (object?)g.ToString())], cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[Guid.Parse(reader.GetString(0))] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static string Placeholders(int count) => string.Join(", ", Enumerable.Repeat("?", count));
}
