using System.Globalization;

namespace Godwit.MySql;

/// <summary>
/// A DATE, DATETIME or TIMESTAMP value exactly as the server stores it, including values .NET's
/// <see cref="DateTime"/> cannot hold: the zero date <c>0000-00-00</c> and dates with a zero month
/// or day, which MySQL accepts outside strict mode.
/// </summary>
public readonly record struct MySqlDateTime
{
    public MySqlDateTime(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int microsecond = 0)
    {
        if (year is < 0 or > 9999 || month is < 0 or > 12 || day is < 0 or > 31 || hour is < 0 or > 23
            || minute is < 0 or > 59 || second is < 0 or > 59 || microsecond is < 0 or > 999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), "The date/time parts are out of MySQL's range.");
        }

        Year = year;
        Month = month;
        Day = day;
        Hour = hour;
        Minute = minute;
        Second = second;
        Microsecond = microsecond;
    }

    public static MySqlDateTime Zero => default;

    public int Year { get; }

    public int Month { get; }

    public int Day { get; }

    public int Hour { get; }

    public int Minute { get; }

    public int Second { get; }

    public int Microsecond { get; }

    /// <summary>True for <c>0000-00-00</c> (with a zero or any time part).</summary>
    public bool IsZero => Year == 0 && Month == 0 && Day == 0;

    /// <summary>True when the value is a real calendar date that <see cref="DateTime"/> can represent.</summary>
    public bool IsValidDateTime =>
        Year >= 1 && Month >= 1 && Day >= 1 && Day <= DateTime.DaysInMonth(Year, Month);

    public static MySqlDateTime FromDateTime(DateTime value) =>
        new(value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, (int)(value.Ticks % TimeSpan.TicksPerSecond / 10));

    /// <summary>The value as <see cref="DateTime"/> (Kind Unspecified); throws for zero and partial dates.</summary>
    public DateTime ToDateTime()
    {
        if (!IsValidDateTime)
        {
            throw new InvalidCastException($"'{this}' cannot be represented as a System.DateTime (zero or partial date).");
        }

        return new DateTime(Year, Month, Day, Hour, Minute, Second, DateTimeKind.Unspecified).AddTicks(Microsecond * 10L);
    }

    public DateOnly ToDateOnly() => DateOnly.FromDateTime(ToDateTime());

    /// <summary>Formats as the server does: <c>YYYY-MM-DD HH:MM:SS</c> plus <paramref name="fractionalDigits"/> digits.</summary>
    public string ToString(int fractionalDigits, bool includeTime = true)
    {
        var date = string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}-{Day:D2}");
        if (!includeTime)
        {
            return date;
        }

        var time = string.Create(CultureInfo.InvariantCulture, $"{date} {Hour:D2}:{Minute:D2}:{Second:D2}");
        return fractionalDigits <= 0 ? time : time + "." + Microsecond.ToString("D6", CultureInfo.InvariantCulture)[..Math.Min(6, fractionalDigits)];
    }

    public override string ToString() => ToString(Microsecond == 0 ? 0 : 6);
}
