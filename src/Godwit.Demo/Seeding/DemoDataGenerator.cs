using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bogus;

namespace Godwit.Demo.Seeding;

/// <summary>
/// Realistic travel-booking rows from Bogus, the same for the same seed: every random choice comes from randomizers
/// seeded here (never Bogus's shared static one), and dates are drawn between fixed bounds, never relative to today.
/// </summary>
public sealed class DemoDataGenerator
{
    private static readonly DateTime CustomersSince = new(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime BookingsSince = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime BookingsUntil = new(2025, 12, 31, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly FirstDeparture = new(2025, 1, 1);

    private readonly Randomizer _random;
    private readonly Faker[] _markets;
    private readonly Faker _latin;

    public DemoDataGenerator(int seed)
    {
        _random = new Randomizer(seed);
        _markets = [.. TravelCatalog.Markets.Select((m, i) => new Faker(m.Locale) { Random = new Randomizer(unchecked((seed * 397) + i + 1)) })];
        _latin = new Faker("en") { Random = new Randomizer(unchecked((seed * 397) - 1)) };
    }

    public SeedData Generate(SeedSize size)
    {
        ArgumentNullException.ThrowIfNull(size);
        var customers = Customers(size.Customers);
        var trips = Trips(size.Trips);
        var (bookings, payments) = Bookings(size.Bookings, customers.Count, trips);
        return new SeedData(customers, trips, bookings, payments);
    }

    private List<CustomerRow> Customers(int count)
    {
        var rows = new List<CustomerRow>(count);
        for (var id = 1; id <= count; id++)
        {
            var market = _random.Int(0, _markets.Length - 1);
            var faker = _markets[market];
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            // Names in Japanese, Korean or Greek give no ASCII user name: such customers pick a Latin one.
            var user = Ascii(faker.Internet.UserName(first, last));
            if (!user.Any(char.IsAsciiLetter))
            {
                user = Ascii(_latin.Internet.UserName());
            }

            var email = string.Create(CultureInfo.InvariantCulture, $"{user}.{id}@{_random.ArrayElement(TravelCatalog.EmailDomains)}");
            var created = Micros(_random.Long(CustomersSince.Ticks, BookingsSince.Ticks));
            rows.Add(new CustomerRow(id, email.ToLowerInvariant(), Clamp($"{first} {last}", 120), TravelCatalog.Markets[market].Country, _random.Bool(0.08f), created));
        }

        return rows;
    }

    private List<TripRow> Trips(int count)
    {
        var rows = new List<TripRow>(count);
        for (var id = 1; id <= count; id++)
        {
            var days = _random.Int(2, 21);
            var duration = TimeSpan.FromDays(days) + TimeSpan.FromMinutes(15 * _random.Int(0, 3));
            var price = Math.Round(_random.Decimal(199m, 8999m), 2);
            rows.Add(new TripRow(
                id,
                _random.ArrayElement(TravelCatalog.Destinations),
                FirstDeparture.AddDays(_random.Int(0, 3 * 365)),
                duration,
                price,
                (ushort)_random.Int(8, 60)));
        }

        return rows;
    }

    private (List<BookingRow> Bookings, List<PaymentRow> Payments) Bookings(int count, int customers, List<TripRow> trips)
    {
        var bookings = new List<BookingRow>(count);
        var payments = new List<PaymentRow>(count * 3 / 2);
        var references = new HashSet<string>(count, StringComparer.Ordinal);
        for (var id = 1L; id <= count; id++)
        {
            string reference;
            do
            {
                reference = BookingReferences.Create(n => _random.Int(0, n - 1));
            }
            while (!references.Add(reference));

            var trip = trips[_random.Int(0, trips.Count - 1)];
            var roll = _random.Int(0, 99);
            var status = roll < 20 ? BookingStatus.Pending : roll < 85 ? BookingStatus.Confirmed : BookingStatus.Cancelled;
            var bookedAt = Millis(_random.Long(BookingsSince.Ticks, BookingsUntil.Ticks));
            bookings.Add(new BookingRow(id, reference, _random.Int(1, customers), trip.Id, status, Extras(), bookedAt, Notes()));

            // Cancelled bookings were refunded: their payments are gone, as the app deletes them when it cancels.
            var paidAt = Seconds(bookedAt.AddMinutes(_random.Int(5, 600)));
            var deposit = Math.Round(trip.Price * 0.3m, 2);
            if (status == BookingStatus.Confirmed && _random.Bool(0.6f))
            {
                payments.Add(new PaymentRow(payments.Count + 1, id, deposit, paidAt, Uuid()));
                payments.Add(new PaymentRow(payments.Count + 1, id, trip.Price - deposit, paidAt.AddDays(_random.Int(1, 60)), Uuid()));
            }
            else if (status == BookingStatus.Confirmed)
            {
                payments.Add(new PaymentRow(payments.Count + 1, id, trip.Price, paidAt, Uuid()));
            }
            else if (status == BookingStatus.Pending && _random.Bool())
            {
                payments.Add(new PaymentRow(payments.Count + 1, id, deposit, paidAt, Uuid()));
            }
        }

        return (bookings, payments);
    }

    private string? Extras()
    {
        if (_random.Bool(0.4f))
        {
            return null;
        }

        var chosen = DemoSchema.Extras.Where(_ => _random.Bool()).ToList();
        return chosen.Count == 0 ? DemoSchema.Extras[_random.Int(0, DemoSchema.Extras.Count - 1)] : string.Join(',', chosen);
    }

    private string? Notes()
    {
        if (!_random.Bool(0.3f))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("seat", string.Create(CultureInfo.InvariantCulture, $"{_random.Int(1, 40)}{(char)('A' + _random.Int(0, 5))}"));
            if (_random.ArrayElement(TravelCatalog.Diets) is { } diet)
            {
                w.WriteString("diet", diet);
            }

            if (_random.ArrayElement(TravelCatalog.Requests) is { } request)
            {
                w.WriteString("request", request);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Ascii(string text) =>
        new string([.. text.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')]).Trim('.', '_', '-');

    /// <summary>A version 4 UUID from the seeded randomizer (MariaDB's UUID type refuses other variants).</summary>
    private Guid Uuid()
    {
        var bytes = _random.Bytes(16);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static string Clamp(string text, int length) => text.Length <= length ? text : text[..length];

    private static DateTime Micros(long ticks) => new(ticks - (ticks % 10), DateTimeKind.Utc);

    private static DateTime Millis(long ticks) => new(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static DateTime Seconds(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
}
