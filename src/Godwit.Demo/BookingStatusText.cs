namespace Godwit.Demo;

/// <summary>The ENUM labels of <c>bookings.status</c> (the same text on PostgreSQL, where the ENUM becomes text with a CHECK).</summary>
public static class BookingStatusText
{
    public static string ToText(this BookingStatus status) => status switch
    {
        BookingStatus.Pending => "pending",
        BookingStatus.Confirmed => "confirmed",
        BookingStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static BookingStatus Parse(string text) => text switch
    {
        "pending" => BookingStatus.Pending,
        "confirmed" => BookingStatus.Confirmed,
        "cancelled" => BookingStatus.Cancelled,
        _ => throw new FormatException($"'{text}' is not a booking status (pending, confirmed, cancelled)."),
    };
}
