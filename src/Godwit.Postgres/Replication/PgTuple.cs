namespace Godwit.Postgres.Replication;

/// <summary>
/// One row image: each column's text value, NULL, or "unchanged TOAST" (an UPDATE that did not touch a large value
/// does not resend it; such a column must be left out of the target's UPDATE, never written as a placeholder).
/// </summary>
public sealed class PgTuple
{
    private readonly string?[] _values;
    private readonly bool[] _unchanged;

    internal PgTuple(string?[] values, bool[] unchanged)
    {
        _values = values;
        _unchanged = unchanged;
    }

    public int Count => _values.Length;

    /// <summary>The text value; null for SQL NULL and for an unchanged TOAST value (see <see cref="IsUnchanged"/>).</summary>
    public string? this[int column] => _values[column];

    /// <summary>The value was not sent because it did not change (unchanged TOAST).</summary>
    public bool IsUnchanged(int column) => _unchanged[column];

    /// <summary>Whether any column is an unchanged TOAST value.</summary>
    public bool HasUnchanged => Array.IndexOf(_unchanged, true) >= 0;
}
