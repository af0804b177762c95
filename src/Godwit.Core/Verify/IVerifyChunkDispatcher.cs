namespace Godwit.Core.Verify;

/// <summary>
/// Hands a verify's chunk comparisons to other processes (the cluster's workers): the chunk is compared there by
/// <see cref="TableVerifier.CompareChunkEncodedAsync"/>, the same code the single process runs, and its outcome comes
/// back encoded. Planning, the wait for the change stream, the re-check and the report stay with the
/// <see cref="VerifyRunner"/> that dispatches, so the result is the one a single-process verify reports.
/// </summary>
public interface IVerifyChunkDispatcher
{
    /// <summary>Compares one chunk (null: the whole table) elsewhere; returns the outcome as <see cref="TableVerifier.CompareChunkEncodedAsync"/> encoded it.</summary>
    Task<string> CompareAsync(VerifyTable table, KeyRange? chunk, CancellationToken cancellationToken);
}
