using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Specs;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>
/// A copy target held in memory: each chunk's rows land with its done-mark or not at all, and a chunk can be made to
/// fail once, as a crash would, to prove a resumed run copies only what is not done.
/// </summary>
internal sealed class MemoryCopySink : ICopySink, ICopyRunStore
{
    private readonly object _gate = new();
    private readonly List<(long RunId, string Stream, string Status)> _runs = [];
    private readonly Dictionary<(long RunId, string Table, int Number), (bool Done, CopyCounts Counts)> _chunks = [];
    private readonly Dictionary<(string Table, int Number), ChunkSpec> _specs = [];
    private int _attempts;

    /// <summary>Rows written per table (by their first column's text).</summary>
    public Dictionary<string, List<string>> Rows { get; } = new(StringComparer.Ordinal);

    /// <summary>Chunks committed, in order.</summary>
    public List<string> Committed { get; } = [];

    /// <summary>Tables whose post-data was started.</summary>
    public List<string> PostDataStarted { get; } = [];

    /// <summary>Fails the commit of this chunk (table, number) once.</summary>
    public (string Table, int Number)? FailOnce { get; set; }

    public Task<ICopyRunStore> OpenRunStoreAsync(CancellationToken cancellationToken) => Task.FromResult<ICopyRunStore>(this);

    public Task<ICopyChunkWriter> OpenWriterAsync(long runId, OnErrorMode onError, Action<RejectRecord>? reject, CancellationToken cancellationToken) =>
        Task.FromResult<ICopyChunkWriter>(new Writer(this, runId));

    public ICopyPostData PostData(PgSchemaPlan plan, int jobs, CopyProgress progress, long runId, bool mixedSnapshots) => new PostDataPhase(this);

    public Task EnsureAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<CopyRun?> FindRunAsync(string stream, CancellationToken cancellationToken) =>
        Task.FromResult(_runs.LastOrDefault(r => r.Stream == stream) is { RunId: > 0 } run ? new CopyRun(run.RunId, run.Status, _attempts) : null);

    public Task ForgetRunsAsync(string stream, string sourceDatabase, string targetSchema, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<SchemaNote>> ApplyPreDataAsync(PgSchemaPlan plan, IfExistsMode ifExists, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SchemaNote>>([]);

    public Task<long> CreateRunAsync(
        string sourceDisplay, string sourceDatabase, string targetSchema, string stream, int jobs, IReadOnlyList<ChunkSpec> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var runId = _runs.Count + 1L;
        _runs.Add((runId, stream, "copying"));
        foreach (var chunk in chunks)
        {
            _chunks[(runId, chunk.Table, chunk.Number)] = (false, default);
            _specs[(chunk.Table, chunk.Number)] = chunk;
        }

        return Task.FromResult(runId);
    }

    public Task<IReadOnlyList<StoredChunk>> LoadChunksAsync(long runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredChunk>>(
                [.. _chunks.Where(c => c.Key.RunId == runId).Select(c => new StoredChunk(Spec(c.Key.Table, c.Key.Number), c.Value.Done, c.Value.Counts))]);
        }
    }

    public Task<(int Attempts, bool LockFree)> CountAttemptsAsync(long runId, CancellationToken cancellationToken) => Task.FromResult((_attempts, false));

    public Task<int> AddPositionAsync(long runId, SnapshotInfo snapshot, CancellationToken cancellationToken) => Task.FromResult(++_attempts);

    public Task SetStatusAsync(long runId, string status, CancellationToken cancellationToken)
    {
        var i = _runs.FindIndex(r => r.RunId == runId);
        _runs[i] = _runs[i] with { Status = status };
        return Task.CompletedTask;
    }

    /// <summary>Tables emptied and copied again from their start.</summary>
    public List<string> Restarted { get; } = [];

    public Task RestartTableAsync(long runId, CopyTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        lock (_gate)
        {
            Rows.Remove(table.Name);
            foreach (var key in _chunks.Keys.Where(k => k.RunId == runId && k.Table == table.Name).ToList())
            {
                _chunks[key] = (false, default);
            }

            Restarted.Add(table.Name);
        }

        return Task.CompletedTask;
    }

    public Task<StreamPosition?> StartPositionAsync(long runId, CancellationToken cancellationToken) => Task.FromResult<StreamPosition?>(MemoryPositionCodec.At(4));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The chunk as the source planned it.</summary>
    private ChunkSpec Spec(string table, int number) => _specs[(table, number)];

    private void Commit(long runId, ChunkSpec chunk, List<string> rows, CopyCounts counts)
    {
        lock (_gate)
        {
            if (FailOnce is { } fail && fail.Table == chunk.Table && fail.Number == chunk.Number)
            {
                FailOnce = null;
                throw new IOException($"the memory target lost chunk {chunk.Table}#{chunk.Number}");
            }

            if (!Rows.TryGetValue(chunk.Table, out var table))
            {
                Rows[chunk.Table] = table = [];
            }

            table.AddRange(rows);
            _chunks[(runId, chunk.Table, chunk.Number)] = (true, counts);
            Committed.Add($"{chunk.Table}#{chunk.Number}");
        }
    }

    private sealed class Writer(MemoryCopySink sink, long runId) : ICopyChunkWriter
    {
        public Task<ICopyChunk> BeginChunkAsync(CopyTable table, ChunkSpec chunk, CancellationToken cancellationToken) =>
            Task.FromResult<ICopyChunk>(new Chunk(sink, runId, chunk));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Chunk(MemoryCopySink sink, long runId, ChunkSpec chunk) : ICopyChunk
    {
        private readonly List<string> _rows = [];

        public ValueTask<CopyCounts> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(batch);
            for (var row = 0; row < batch.Count; row++)
            {
                _rows.Add(Encoding.UTF8.GetString(batch.Value(row, 0)));
            }

            return ValueTask.FromResult(new CopyCounts(batch.Count, batch.Count, 0, batch.ByteCount));
        }

        public Task CommitAsync(CopyCounts counts, int attempt, StreamPosition? snapshot, string? worker, CancellationToken cancellationToken)
        {
            sink.Commit(runId, chunk, _rows, counts);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class PostDataPhase(MemoryCopySink sink) : ICopyPostData
    {
        public void StartTable(string targetTable, CancellationToken cancellationToken)
        {
            lock (sink._gate)
            {
                sink.PostDataStarted.Add(targetTable);
            }
        }

        public Task<PostDataResult> FinishAsync(CancellationToken cancellationToken) => Task.FromResult(new PostDataResult([], []));

        public Task AbandonAsync() => Task.CompletedTask;
    }
}
