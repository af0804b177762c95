namespace Godwit.Core.Dashboard;

/// <summary>A copy run on the dashboard: its progress, pace and ETA, and each table's.</summary>
public sealed record CopyRunSnapshot
{
    public required CopyRunProgress Run { get; init; }

    public int Chunks { get; init; }

    public int ChunksDone { get; init; }

    public long RowsLoaded { get; init; }

    public double? RowsPerSecond { get; init; }

    public double? EtaSeconds { get; init; }

    /// <summary>Each table's ETA in seconds (by table name), at the run's pace per chunk.</summary>
    public IReadOnlyDictionary<string, double?> TableEtaSeconds { get; init; } = new Dictionary<string, double?>();
}
