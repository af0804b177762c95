namespace Godwit.Core.Verify;

/// <summary>Where verify keeps finished chunks per run id, so an interrupted run resumes (PostgreSQL: <c>godwit.verify_runs</c>, <c>godwit.verify_chunks</c>).</summary>
public interface IVerifyProgressStore
{
    /// <summary>Starts or resumes the run; with <paramref name="restart"/> (or when the previous run finished) earlier results are discarded. Returns true when resuming.</summary>
    Task<bool> BeginAsync(string runId, string description, bool restart, CancellationToken cancellationToken);

    /// <summary>The chunks of <paramref name="table"/> already finished in this run, by their low key.</summary>
    Task<IReadOnlyDictionary<long, ChunkOutcome>> CompletedChunksAsync(string runId, string table, CancellationToken cancellationToken);

    Task RecordChunkAsync(string runId, string table, ChunkOutcome outcome, CancellationToken cancellationToken);

    Task FinishAsync(string runId, CancellationToken cancellationToken);
}
