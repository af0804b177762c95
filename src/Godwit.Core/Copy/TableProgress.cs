using System.Diagnostics;

namespace Godwit.Core.Copy;

/// <summary>Live counters of one table's copy, updated by the workers and read by the progress display.</summary>
public sealed class TableProgress
{
    private long _read;
    private long _loaded;
    private long _rejected;
    private long _bytes;
    private int _chunksDone;
    private int _chunksPassedThrough;
    private long _startTicks;
    private long _endTicks;

    public TableProgress(string name, string target, long estimatedRows, int chunks)
    {
        Name = name;
        Target = target;
        EstimatedRows = estimatedRows;
        Chunks = chunks;
    }

    public string Name { get; }

    public string Target { get; }

    public long EstimatedRows { get; set; }

    public int Chunks { get; }

    public int ChunksDone => Volatile.Read(ref _chunksDone);

    /// <summary>Chunks completed by an earlier (interrupted) run of the same migration.</summary>
    public int ChunksResumed { get; set; }

    public long Read => Interlocked.Read(ref _read);

    public long Loaded => Interlocked.Read(ref _loaded);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Bytes => Interlocked.Read(ref _bytes);

    public bool IsDone => Interlocked.Read(ref _endTicks) != 0;

    /// <summary>From the first chunk's start to the last chunk's end (tables copy in parallel, so these overlap).</summary>
    public TimeSpan Elapsed
    {
        get
        {
            var start = Interlocked.Read(ref _startTicks);
            if (start == 0)
            {
                return TimeSpan.Zero;
            }

            var end = Interlocked.Read(ref _endTicks);
            return Stopwatch.GetElapsedTime(start, end == 0 ? Stopwatch.GetTimestamp() : end);
        }
    }

    public void Started() => Interlocked.CompareExchange(ref _startTicks, Stopwatch.GetTimestamp(), 0);

    /// <summary>Rows streamed so far (before the chunk commits), for the progress bar.</summary>
    public void Add(CopyCounts counts)
    {
        Interlocked.Add(ref _read, counts.Read);
        Interlocked.Add(ref _loaded, counts.Loaded);
        Interlocked.Add(ref _rejected, counts.Rejected);
        Interlocked.Add(ref _bytes, counts.Bytes);
    }

    /// <summary>Chunks of this run whose rows passed through unchanged (<see cref="IRawChunkReader"/>).</summary>
    public int ChunksPassedThrough => Volatile.Read(ref _chunksPassedThrough);

    /// <summary>Counts a chunk committed by pass-through.</summary>
    public void PassedThrough() => Interlocked.Increment(ref _chunksPassedThrough);

    /// <summary>Adds the counts of chunks done by an earlier run.</summary>
    public void AddResumed(CopyCounts counts, int chunks)
    {
        Add(counts);
        ChunksResumed += chunks;
        Interlocked.Add(ref _chunksDone, chunks);
    }

    /// <summary>Counts a committed chunk; true when it was the table's last one.</summary>
    public bool ChunkDone()
    {
        if (Interlocked.Increment(ref _chunksDone) == Chunks)
        {
            Started();
            Interlocked.CompareExchange(ref _endTicks, Stopwatch.GetTimestamp(), 0);
            return true;
        }

        return false;
    }
}
