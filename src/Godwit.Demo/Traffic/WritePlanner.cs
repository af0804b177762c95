using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Godwit.Demo.Ledger;
using Godwit.Demo.Seeding;

namespace Godwit.Demo.Traffic;

/// <summary>
/// What one app session does next, the way a booking site's customers behave: half new bookings (each with a deposit),
/// a third confirmations (the balance paid), the rest cancellations (refunded), each on a booking this session owns.
/// </summary>
internal sealed class WritePlanner
{
    private readonly AppCatalog _catalog;
    private readonly Random _random;
    private readonly List<string> _pending = [];
    private readonly List<string> _confirmed = [];

    /// <param name="owned">The seeded open bookings this session may change; no other session touches them.</param>
    public WritePlanner(AppCatalog catalog, Random random, IEnumerable<OpenBooking> owned)
    {
        _catalog = catalog;
        _random = random;
        foreach (var open in owned)
        {
            (open.Status == BookingStatus.Pending ? _pending : _confirmed).Add(open.Reference);
        }
    }

    public BookingWrite Next()
    {
        var roll = _random.Next(100);
        if (roll is >= 50 and < 80 && _pending.Count > 0)
        {
            return new BookingWrite(
                LedgerOperation.Confirm, _pending[_random.Next(_pending.Count)], BookingStatus.Confirmed, NewGuid(), null, NowSeconds());
        }

        var open = _pending.Count + _confirmed.Count;
        if (roll >= 80 && open > 0)
        {
            var pick = _random.Next(open);
            var reference = pick < _pending.Count ? _pending[pick] : _confirmed[pick - _pending.Count];
            return new BookingWrite(LedgerOperation.Cancel, reference, BookingStatus.Cancelled, null, null, NowSeconds());
        }

        var booking = NewBooking();
        return new BookingWrite(LedgerOperation.Book, booking.Reference, BookingStatus.Pending, booking.Deposit.Reference, booking, booking.Deposit.PaidAt);
    }

    /// <summary>The write was acknowledged: the booking moves on in its life.</summary>
    public void Settled(BookingWrite write)
    {
        switch (write.Operation)
        {
            case LedgerOperation.Book:
                _pending.Add(write.Reference);
                break;
            case LedgerOperation.Confirm:
                _pending.Remove(write.Reference);
                _confirmed.Add(write.Reference);
                break;
            default:
                Forget(write.Reference);
                break;
        }
    }

    /// <summary>The write failed and may or may not have committed: the session leaves that booking alone from now on.</summary>
    public void Forget(string reference)
    {
        _pending.Remove(reference);
        _confirmed.Remove(reference);
    }

    private NewBooking NewBooking()
    {
        var (tripId, price) = _catalog.Trips[_random.Next(_catalog.Trips.Count)];
        string[]? extras = null;
        if (_random.Next(10) < 6)
        {
            extras = [.. DemoSchema.Extras.Where(_ => _random.Next(2) == 0)];
            extras = extras.Length == 0 ? null : extras;
        }

        var now = DateTime.UtcNow;
        var bookedAt = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return new NewBooking(
            BookingReferences.CreateRandom(),
            _random.NextInt64(1, _catalog.MaxCustomerId + 1),
            tripId,
            extras,
            bookedAt,
            _random.Next(10) < 3 ? Notes() : null,
            new Deposit(NewGuid(), Math.Round(price * 0.3m, 2), NowSeconds()));
    }

    private string Notes()
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("seat", string.Create(CultureInfo.InvariantCulture, $"{_random.Next(1, 41)}{(char)('A' + _random.Next(6))}"));
            w.WriteString("channel", _random.Next(2) == 0 ? "web" : "app");
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);

        // RFC 9562 version 4, variant 10 (MariaDB's UUID type refuses other variants); reproducible when the run is seeded.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static DateTime NowSeconds()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
    }
}
