using Godwit.Core.Positions;

namespace Godwit.Core.Copy;

/// <summary>The snapshot the workers read under.</summary>
public sealed record SnapshotInfo(SnapshotMethod Method, StreamPosition? Position, string? Warning)
{
    /// <summary>Per-worker snapshot positions (MariaDB's binlog_snapshot_file/position), when the server reports them.</summary>
    public IReadOnlyList<StreamPosition?> WorkerPositions { get; init; } = [];
}
