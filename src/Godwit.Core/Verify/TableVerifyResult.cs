namespace Godwit.Core.Verify;

/// <summary>The outcome for one table; counters are filled while the table is compared.</summary>
public sealed class TableVerifyResult
{
    private readonly List<RowDifference> _differences = [];

    public TableVerifyResult(string table, string target, VerifyMode mode, int maxDifferences)
    {
        Table = table;
        Target = target;
        Mode = mode;
        MaxDifferences = maxDifferences;
    }

    public string Table { get; }

    public string Target { get; }

    public VerifyMode Mode { get; }

    public int MaxDifferences { get; }

    public long SourceRows { get; set; }

    public long TargetRows { get; set; }

    /// <summary>Rows compared (source rows; in count mode the counted rows).</summary>
    public long Compared { get; set; }

    public long Matching { get; set; }

    public long MissingOnTarget { get; set; }

    public long ExtraOnTarget { get; set; }

    public long Different { get; set; }

    public long Unsettled { get; set; }

    /// <summary>Chunks whose result came from an earlier, interrupted run.</summary>
    public int ResumedChunks { get; set; }

    public int Chunks { get; set; }

    /// <summary>Notes such as columns compared only by streaming, or a count-only comparison.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The first <see cref="MaxDifferences"/> differences (unsettled rows included, marked as such).</summary>
    public IReadOnlyList<RowDifference> Differences => _differences;

    public bool IsEqual => MissingOnTarget == 0 && ExtraOnTarget == 0 && Different == 0;

    public void Add(RowDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        switch (difference.Kind)
        {
            case DifferenceKind.Missing:
                MissingOnTarget += difference.Multiplicity;
                break;
            case DifferenceKind.Extra:
                ExtraOnTarget += difference.Multiplicity;
                break;
            case DifferenceKind.Different:
                Different += difference.Multiplicity;
                break;
            case DifferenceKind.Unsettled:
                Unsettled += difference.Multiplicity;
                break;
        }

        if (_differences.Count < MaxDifferences)
        {
            _differences.Add(difference);
        }
    }
}
