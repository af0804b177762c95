namespace Godwit.Core.Verify;

/// <summary>How deeply <c>godwit verify</c> compares a table.</summary>
public enum VerifyMode
{
    /// <summary>Exact row counts per table.</summary>
    Count,

    /// <summary>Per key-range chunk, a count and a 64-bit hash sum computed inside each database; mismatched chunks are bisected to rows.</summary>
    Checksum,

    /// <summary>Both sides streamed in key order and compared value by value (an ordered merge).</summary>
    Rows,
}
