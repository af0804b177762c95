using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;

namespace Godwit.Core.Engines.Copy;

/// <summary>The outcome of a migrate run.</summary>
public sealed record CopyResult
{
    public required long RunId { get; init; }

    public required bool Resumed { get; init; }

    /// <summary>The run was already complete: nothing was done.</summary>
    public bool AlreadyDone { get; init; }

    public required string TargetSchema { get; init; }

    public SnapshotInfo? Snapshot { get; init; }

    /// <summary>Where CDC starts: the earliest position recorded for the run.</summary>
    public StreamPosition? CdcStart { get; init; }

    public int Attempts { get; init; }

    public required IReadOnlyList<TableCopyResult> Tables { get; init; }

    public required CopyPhases Phases { get; init; }

    public IReadOnlyList<string> Deferred { get; init; } = [];

    public IReadOnlyList<SchemaNote> Notes { get; init; } = [];

    public string? RejectFile { get; init; }

    public CopyCounts Totals => Tables.Aggregate(default(CopyCounts), (a, t) => a + t.Counts);
}
