namespace Godwit.Core.Verify;

/// <summary>An inclusive range of a single integer primary key: the unit of chunking and bisection.</summary>
public readonly record struct KeyRange(long Lo, long Hi)
{
    /// <summary>How many key values the range spans (saturating; ranges can span the whole long domain).</summary>
    public ulong Width => (ulong)(Hi - Lo) + 1;

    public bool IsSingle => Lo == Hi;

    /// <summary>Splits in two halves; a single-key range cannot be split.</summary>
    public (KeyRange Left, KeyRange Right) Split()
    {
        var mid = Lo + (long)((ulong)(Hi - Lo) / 2);
        return (new KeyRange(Lo, mid), new KeyRange(mid + 1, Hi));
    }

    public bool Contains(long key) => key >= Lo && key <= Hi;

    public override string ToString() => FormattableString.Invariant($"[{Lo}, {Hi}]");
}
