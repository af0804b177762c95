using Godwit.Core.Copy;
using Godwit.Core.Specs;

namespace Godwit.Core.Engines.Copy;

/// <summary>What <c>godwit migrate</c> was asked to do.</summary>
public sealed record CopyOptions
{
    public int Jobs { get; init; } = 4;

    public OnErrorMode OnError { get; init; } = OnErrorMode.Stop;

    public string? RejectFile { get; init; }

    /// <summary>Target rows per chunk; 0 picks one from the table sizes and the job count.</summary>
    public long ChunkRows { get; init; }

    public double MaxRowsPerSecond { get; init; }

    public SnapshotMode Snapshot { get; init; } = SnapshotMode.Auto;

    public IfExistsMode IfExists { get; init; } = IfExistsMode.Error;

    /// <summary>Forget an earlier (finished or interrupted) run instead of resuming it.</summary>
    public bool Restart { get; init; }

    /// <summary>How the source is shown in godwit.copy_runs (masked URI).</summary>
    public string SourceDisplay { get; init; } = string.Empty;

    public string SourceDatabase { get; init; } = string.Empty;

    /// <summary>The stream the copy feeds, which keys its runs (null: the target schema, the default stream name).</summary>
    public string? Stream { get; init; }

    /// <summary>Row filters by source table name (a tenant move copies one tenant's rows); a table without one is copied whole.</summary>
    public IReadOnlyDictionary<string, RowFilter> Filters { get; init; } = new Dictionary<string, RowFilter>();
}
