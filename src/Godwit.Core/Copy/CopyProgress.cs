namespace Godwit.Core.Copy;

/// <summary>The copy's live state: one <see cref="TableProgress"/> per table plus the current phase.</summary>
public sealed class CopyProgress
{
    private volatile string _phase = "starting";

    public IReadOnlyList<TableProgress> Tables { get; set; } = [];

    public string Phase
    {
        get => _phase;
        set => _phase = value;
    }

    /// <summary>Post-data statements done / total, for the index phase.</summary>
    public int PostDataDone;

    public int PostDataTotal { get; set; }
}
