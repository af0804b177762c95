using System.Globalization;

namespace Godwit.MySql;

/// <summary>
/// A TIME value: a signed duration, not a time of day. MySQL's range is -838:59:59.999999 to
/// 838:59:59.999999, so negative values and values of a day or more are normal.
/// </summary>
public readonly record struct MySqlTime
{
    public const long MaxTotalMicroseconds = ((838L * 3600) + (59 * 60) + 59) * 1_000_000 + 999_999;

    public MySqlTime(long totalMicroseconds)
    {
        if (totalMicroseconds is > MaxTotalMicroseconds or < -MaxTotalMicroseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(totalMicroseconds), "TIME is limited to ±838:59:59.999999.");
        }

        TotalMicroseconds = totalMicroseconds;
    }

    public MySqlTime(bool negative, int hours, int minutes, int seconds, int microseconds)
        : this((negative ? -1 : 1) * ((((hours * 60L) + minutes) * 60 + seconds) * 1_000_000 + microseconds))
    {
    }

    public long TotalMicroseconds { get; }

    public bool IsNegative => TotalMicroseconds < 0;

    /// <summary>Whole hours of the absolute value (0-838).</summary>
    public int Hours => (int)(Math.Abs(TotalMicroseconds) / 3_600_000_000);

    public int Minutes => (int)(Math.Abs(TotalMicroseconds) / 60_000_000 % 60);

    public int Seconds => (int)(Math.Abs(TotalMicroseconds) / 1_000_000 % 60);

    public int Microseconds => (int)(Math.Abs(TotalMicroseconds) % 1_000_000);

    public static MySqlTime FromTimeSpan(TimeSpan value) => new(value.Ticks / 10);

    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(TotalMicroseconds * 10);

    /// <summary>Formats as the server does: <c>[-]H:MM:SS</c> with at least two hour digits, plus fractional digits.</summary>
    public string ToString(int fractionalDigits)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{(IsNegative ? "-" : string.Empty)}{Hours:D2}:{Minutes:D2}:{Seconds:D2}");
        return fractionalDigits <= 0 ? text : text + "." + Microseconds.ToString("D6", CultureInfo.InvariantCulture)[..Math.Min(6, fractionalDigits)];
    }

    public override string ToString() => ToString(Microseconds == 0 ? 0 : 6);
}
