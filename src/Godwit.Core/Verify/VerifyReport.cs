namespace Godwit.Core.Verify;

/// <summary>The result of a verify run: one entry per table.</summary>
public sealed record VerifyReport(string RunId, VerifyMode Mode, IReadOnlyList<TableVerifyResult> Tables, TimeSpan Elapsed)
{
    public bool AllEqual => Tables.All(t => t.IsEqual);
}
