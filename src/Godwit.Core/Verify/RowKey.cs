namespace Godwit.Core.Verify;

/// <summary>
/// The primary key of a row, as both sides order it: a single integer key compares numerically; every other key
/// compares by its canonical text (parts joined with U+0000, which no PostgreSQL text can contain) in code-point
/// order, which both databases are asked to sort by (<c>utf8mb4_bin</c> / <c>COLLATE "C"</c>).
/// </summary>
public readonly record struct RowKey(long Number, string? Text) : IComparable<RowKey>
{
    public static RowKey Of(long number) => new(number, null);

    public static RowKey Of(string text) => new(0, text);

    public int CompareTo(RowKey other) =>
        Text is null || other.Text is null ? Number.CompareTo(other.Number) : CodePointComparer.Compare(Text, other.Text);

    public static bool operator <(RowKey left, RowKey right) => left.CompareTo(right) < 0;

    public static bool operator >(RowKey left, RowKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(RowKey left, RowKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RowKey left, RowKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => Text is null
        ? Number.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Text.Replace('\0', ',');
}
