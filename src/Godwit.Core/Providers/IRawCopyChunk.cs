namespace Godwit.Core.Providers;

/// <summary>
/// A chunk transaction that also loads pass-through COPY data (<see cref="Copy.IRawChunkReader"/>): the bytes are
/// written as they arrive, and the chunk's done-mark still commits with them (<see cref="ICopyChunk.CommitAsync"/>).
/// </summary>
public interface IRawCopyChunk
{
    /// <summary>Whether this target loads the named pass-through format.</summary>
    bool Accepts(string format);

    /// <summary>Writes the next piece of the chunk's COPY data.</summary>
    ValueTask WriteRawAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the chunk's COPY. Data the target refuses (a value or a constraint) raises
    /// <see cref="Copy.RawCopyRefusedException"/>; the chunk's transaction is then lost and is rolled back on dispose.
    /// </summary>
    ValueTask EndRawAsync(CancellationToken cancellationToken);
}
