namespace Godwit.Core.Verify;

/// <summary>What comparing one scope (a chunk, a bisected range, or a whole table) found.</summary>
internal sealed class ComparisonOutcome
{
    public long SourceRows { get; set; }

    public long TargetRows { get; set; }

    public long Matching { get; set; }

    public List<PendingDifference> Differences { get; } = [];

    public void Add(ComparisonOutcome other)
    {
        SourceRows += other.SourceRows;
        TargetRows += other.TargetRows;
        Matching += other.Matching;
        Differences.AddRange(other.Differences);
    }
}
