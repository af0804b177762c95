namespace Godwit.Core.Verify;

/// <summary>What is wrong with one row.</summary>
public enum DifferenceKind
{
    /// <summary>On the source, not on the target.</summary>
    Missing,

    /// <summary>On the target, not on the source.</summary>
    Extra,

    /// <summary>On both, with different values in at least one column.</summary>
    Different,

    /// <summary>Differed, but changed between passes (in flight): not counted as a mismatch.</summary>
    Unsettled,
}
