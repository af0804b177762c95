namespace Godwit.Core.Verify;

/// <summary>
/// The seam for verifying while change data capture runs. Before a chunk is compared, verify reads the
/// source's current position (<see cref="SourcePositionAsync"/>) and waits until the target has applied
/// everything up to it (<see cref="WaitUntilAppliedAsync"/>), so changes in flight are not differences. The CLI's
/// <c>SyncStateCatchUp</c> implements this over the change stream's <c>godwit.sync_state</c>; without a stream,
/// <see cref="NoCatchUp"/> is used. Either way the re-check pass (<c>--recheck</c>) classifies rows that changed
/// between passes as unsettled.
/// </summary>
public interface ITargetCatchUp
{
    /// <summary>An opaque position of the source (e.g. a binlog file/offset or GTID set), or null when there is none.</summary>
    ValueTask<string?> SourcePositionAsync(CancellationToken cancellationToken);

    /// <summary>Returns once the target has applied every source change up to <paramref name="position"/>; false when it did not get there within <paramref name="timeout"/>.</summary>
    ValueTask<bool> WaitUntilAppliedAsync(string? position, TimeSpan timeout, CancellationToken cancellationToken);
}
