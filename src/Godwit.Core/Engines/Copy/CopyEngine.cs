using System.Diagnostics;
using System.Globalization;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Specs;

namespace Godwit.Core.Engines.Copy;

/// <summary>
/// The copy engine behind <c>godwit migrate</c>: pre-data DDL, chunk plan, consistent snapshot, parallel chunk copy
/// (each chunk one target transaction that also marks it done), post-data DDL in parallel. Re-running after a crash
/// resumes: chunks already done are not copied again. The source is an <see cref="ICopySource"/>, the target an
/// <see cref="ICopySink"/>.
/// </summary>
public sealed class CopyEngine
{
    private readonly ICopySource _source;
    private readonly ICopySink _sink;
    private readonly PgSchemaPlan _plan;
    private readonly CopyOptions _options;
    private readonly CopyProgress _progress;
    private readonly Action<string> _warn;
    private readonly IChunkDispatcher? _dispatcher;

    /// <param name="dispatcher">Where the chunks run; null (the default) runs them on <see cref="CopyOptions.Jobs"/> tasks in this process.</param>
    public CopyEngine(ICopySource source, ICopySink sink, PgSchemaPlan plan, CopyOptions options, CopyProgress progress, Action<string> warn, IChunkDispatcher? dispatcher = null)
    {
        _dispatcher = dispatcher;
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _progress = progress ?? throw new ArgumentNullException(nameof(progress));
        _warn = warn ?? throw new ArgumentNullException(nameof(warn));
    }

    public async Task<CopyResult> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var admin = await _sink.OpenRunStoreAsync(cancellationToken);
        await using (admin)
        {
            return await RunAsync(admin, total, cancellationToken);
        }
    }

    private async Task<CopyResult> RunAsync(ICopyRunStore admin, Stopwatch total, CancellationToken cancellationToken)
    {
        await admin.EnsureAsync(cancellationToken);
        var stream = _options.Stream ?? _plan.TargetSchema;
        var run = await admin.FindRunAsync(stream, cancellationToken);
        if (run is not null && _options.Restart)
        {
            await admin.ForgetRunsAsync(stream, _options.SourceDatabase, _plan.TargetSchema, cancellationToken);
            run = null;
        }

        var tables = _plan.Tables.Select(t => new CopyTable(t) { Filter = _options.Filters.GetValueOrDefault(t.Source.Key) }).ToList();
        if (run is { Status: "done" })
        {
            return await SummaryAsync(admin, run.RunId, tables, resumed: false, alreadyDone: true, null, new CopyPhases(default, default, default), [], [], cancellationToken);
        }

        var resumed = run is not null;
        var notes = new List<SchemaNote>();
        long runId;
        _progress.Phase = resumed ? "resuming" : "schema";
        if (run is null)
        {
            notes.AddRange(await admin.ApplyPreDataAsync(_plan, _options.IfExists, cancellationToken));

            _progress.Phase = "planning chunks";
            var chunks = new List<ChunkSpec>();
            foreach (var t in tables)
            {
                chunks.AddRange(await _source.PlanChunksAsync(t, ChunkRows(t), cancellationToken));
            }

            runId = await admin.CreateRunAsync(_options.SourceDisplay, _options.SourceDatabase, _plan.TargetSchema, stream, _options.Jobs, chunks, cancellationToken);
        }
        else
        {
            runId = run.RunId;
        }

        var schemaTime = total.Elapsed;
        var stored = await admin.LoadChunksAsync(runId, cancellationToken);
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        if (resumed && run is { Status: "copying" } && await RestartSnapshotBoundAsync(admin, runId, stored, byName, cancellationToken))
        {
            stored = await admin.LoadChunksAsync(runId, cancellationToken);
        }

        var unplanned = tables.Where(t => !stored.Any(c => c.Spec.Table == t.Name)).Select(t => t.Name).ToList();
        if (unplanned.Count > 0)
        {
            throw new InvalidOperationException(
                $"run {runId} of this migration did not include {string.Join(", ", unplanned)}: the table selection changed since it started; "
                + "resume it with the same --tables/--exclude, or start over with --restart --if-exists drop");
        }

        var progressByName = new Dictionary<string, TableProgress>(StringComparer.Ordinal);
        foreach (var t in tables)
        {
            var mine = stored.Where(c => c.Spec.Table == t.Name).ToList();
            var p = new TableProgress(t.Name, t.Mapping.QualifiedName, t.Mapping.Source.RowEstimate, mine.Count);
            var done = mine.Where(c => c.Done).ToList();
            if (done.Count > 0)
            {
                p.AddResumed(done.Aggregate(default(CopyCounts), (a, c) => a + c.Counts), done.Count);
            }

            progressByName[t.Name] = p;
        }

        _progress.Tables = [.. progressByName.Values];
        // The tables with the most index and constraint work after their last row first, so that work overlaps with
        // the copy of the others instead of trailing it: a table of 5 M rows with only its primary key (pgbench's
        // accounts) outweighs a table of 200 k rows with three indexes.
        var pending = stored.Where(c => !c.Done && byName.ContainsKey(c.Spec.Table))
            .OrderByDescending(c => PostDataWeight(byName[c.Spec.Table]))
            .ThenByDescending(c => byName[c.Spec.Table].Mapping.Source.RowEstimate)
            .ThenBy(c => c.Spec.Table, StringComparer.Ordinal)
            .ThenBy(c => c.Spec.Number)
            .Select(c => c.Spec)
            .ToList();

        var positions = await admin.CountAttemptsAsync(runId, cancellationToken);
        var willSnapshot = run is null or { Status: "copying" } && pending.Count > 0;
        var mixed = positions.Attempts + (willSnapshot ? 1 : 0) > 1 || positions.LockFree || (willSnapshot && (_options.Snapshot == SnapshotMode.LockFree || _dispatcher is not null));
        using var postStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var post = _sink.PostData(_plan, _options.Jobs, _progress, runId, mixed);
        foreach (var t in tables.Where(t => progressByName[t.Name].ChunksDone >= progressByName[t.Name].Chunks))
        {
            post.StartTable(t.Mapping.TargetKey, postStop.Token);
        }

        SnapshotInfo? snapshot = null;
        var copyWatch = Stopwatch.StartNew();
        if (willSnapshot)
        {
            _progress.Phase = "snapshot";
            // Dispatched chunks are read by other processes at their own snapshots: this one only records the position.
            var workers = _dispatcher is null ? Math.Max(1, Math.Min(_options.Jobs, pending.Count)) : 1;
            snapshot = await _source.OpenSnapshotAsync(tables, workers, _dispatcher is null ? _options.Snapshot : SnapshotMode.LockFree, cancellationToken);
            var attempt = await admin.AddPositionAsync(runId, snapshot, cancellationToken);
            if (snapshot.Warning is { } w)
            {
                _warn(w);
            }

            if (snapshot.Method == SnapshotMethod.LockFree && !mixed)
            {
                mixed = true;
                post = _sink.PostData(_plan, _options.Jobs, _progress, runId, mixedSnapshots: true);
            }

            _progress.Phase = "copy";
            try
            {
                if (_dispatcher is null)
                {
                    await CopyAsync(runId, attempt, workers, pending, byName, progressByName, t => post.StartTable(t.Mapping.TargetKey, postStop.Token), cancellationToken);
                }
                else
                {
                    await _dispatcher.RunAsync(
                        runId,
                        attempt,
                        pending,
                        (chunk, counts) =>
                        {
                            var p = progressByName[chunk.Table];
                            p.Started();
                            p.Add(counts);
                            if (p.ChunkDone())
                            {
                                post.StartTable(byName[chunk.Table].Mapping.TargetKey, postStop.Token);
                            }

                            return ValueTask.CompletedTask;
                        },
                        cancellationToken);
                }
            }
            catch
            {
                await postStop.CancelAsync();
                await post.AbandonAsync();
                throw;
            }
        }

        var copyTime = copyWatch.Elapsed;
        await admin.SetStatusAsync(runId, "post-data", cancellationToken);

        _progress.Phase = "indexes and constraints";
        var postWatch = Stopwatch.StartNew();
        var postResult = await post.FinishAsync(postStop.Token);
        notes.AddRange(postResult.Notes);
        var postTime = postWatch.Elapsed;

        await admin.SetStatusAsync(runId, "done", cancellationToken);
        _progress.Phase = "done";
        return await SummaryAsync(
            admin, runId, tables, resumed, alreadyDone: false, snapshot, new CopyPhases(schemaTime, copyTime, postTime), postResult.Deferred, notes, cancellationToken, progressByName);
    }

    /// <summary>Rows times the indexes and foreign keys built or checked after the copy (the primary key counts as one).</summary>
    /// <summary>
    /// Copies again from its start every table that is partly copied in chunks bound to an earlier snapshot (page
    /// ranges): this attempt reads at a new snapshot, at which an updated row may sit in a range already copied (and
    /// be lost) or in one still to copy (and be copied twice). Returns whether any table was restarted.
    /// </summary>
    private async Task<bool> RestartSnapshotBoundAsync(
        ICopyRunStore admin, long runId, IReadOnlyList<StoredChunk> stored, Dictionary<string, CopyTable> tables, CancellationToken cancellationToken)
    {
        var restarted = false;
        foreach (var group in stored.Where(c => tables.ContainsKey(c.Spec.Table)).GroupBy(c => c.Spec.Table, StringComparer.Ordinal))
        {
            var done = group.Count(c => c.Done);
            if (done == 0 || done == group.Count() || !group.Any(c => !c.Done && _source.IsSnapshotBound(c.Spec)))
            {
                continue;
            }

            await admin.RestartTableAsync(runId, tables[group.Key], cancellationToken);
            _warn($"{group.Key}: {done.ToString(CultureInfo.InvariantCulture)} of its {group.Count().ToString(CultureInfo.InvariantCulture)} chunks were copied at an earlier snapshot "
                + "in ranges of pages, which an update moves a row between; this resumed copy reads at a new snapshot, so the table is copied again from its start");
            restarted = true;
        }

        return restarted;
    }

    private static double PostDataWeight(CopyTable t)
    {
        var source = t.Mapping.Source;
        var work = 1 + source.Indexes.Count(i => i.Kind != Core.Schema.IndexKind.Primary) + source.ForeignKeys.Count;
        return (double)Math.Max(1, source.RowEstimate) * work;
    }

    private long ChunkRows(CopyTable t)
    {
        if (_options.ChunkRows > 0)
        {
            return _options.ChunkRows;
        }

        // About four chunks per job for the table, between 5,000 and 250,000 rows.
        return Math.Clamp(t.Mapping.Source.RowEstimate / Math.Max(1, _options.Jobs * 4), 5_000, 250_000);
    }

    private async Task CopyAsync(
        long runId, int attempt, int workers, List<ChunkSpec> pending, Dictionary<string, CopyTable> tables, Dictionary<string, TableProgress> progress,
        Action<CopyTable> tableDone, CancellationToken cancellationToken)
    {
        // Writers block in socket writes (sync COPY writes are much cheaper per value than async ones).
        ThreadPool.GetMinThreads(out var minWorker, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorker, workers + 2), minIo);
        var queue = new System.Collections.Concurrent.ConcurrentQueue<ChunkSpec>(pending);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var rejects = _options.OnError == OnErrorMode.Skip ? new RejectFile(_options.RejectFile ?? "godwit-rejects.jsonl") : null;
        var limiter = new RowRateLimiter(_options.MaxRowsPerSecond);
        var tasks = Enumerable.Range(0, workers).Select(i => Task.Run(
            async () =>
            {
                try
                {
                    await WorkerAsync(i, runId, attempt, queue, tables, progress, rejects, limiter, tableDone, stop.Token);
                }
                catch
                {
                    await stop.CancelAsync();
                    throw;
                }
            },
            CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            var failure = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null && !cancellationToken.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }
    }

    private async Task WorkerAsync(
        int index, long runId, int attempt, System.Collections.Concurrent.ConcurrentQueue<ChunkSpec> queue, Dictionary<string, CopyTable> tables,
        Dictionary<string, TableProgress> progress, RejectFile? rejects, RowRateLimiter limiter, Action<CopyTable> tableDone, CancellationToken cancellationToken)
    {
        var source = _source.Worker(index);
        var writer = await _sink.OpenWriterAsync(runId, _options.OnError, rejects is null ? null : rejects.Write, cancellationToken);
        await using (writer)
        {
            var batch = new RowBatch(1);
            while (queue.TryDequeue(out var chunk))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var table = tables[chunk.Table];
                var p = progress[chunk.Table];
                p.Started();
                await ChunkCopier.CopyAsync(writer, attempt, source, table, chunk, batch, p, limiter, null, cancellationToken);
                if (p.ChunkDone())
                {
                    // The table's last chunk: its indexes can be built while other tables still copy.
                    tableDone(table);
                }
            }
        }
    }

    private async Task<CopyResult> SummaryAsync(
        ICopyRunStore admin, long runId, List<CopyTable> tables, bool resumed, bool alreadyDone, SnapshotInfo? snapshot, CopyPhases phases,
        IReadOnlyList<string> deferred, IReadOnlyList<SchemaNote> notes, CancellationToken cancellationToken, Dictionary<string, TableProgress>? progress = null)
    {
        var stored = await admin.LoadChunksAsync(runId, cancellationToken);
        var results = new List<TableCopyResult>();
        foreach (var t in tables)
        {
            var mine = stored.Where(c => c.Spec.Table == t.Name).ToList();
            var counts = mine.Where(c => c.Done).Aggregate(default(CopyCounts), (a, c) => a + c.Counts);
            var p = progress?.GetValueOrDefault(t.Name);
            results.Add(new TableCopyResult(t.Name, t.Mapping.QualifiedName, counts, p?.Elapsed ?? TimeSpan.Zero, mine.Count, p?.ChunksResumed ?? (alreadyDone ? mine.Count : 0), p?.ChunksPassedThrough ?? 0));
        }

        var attempts = await admin.CountAttemptsAsync(runId, cancellationToken);
        return new CopyResult
        {
            RunId = runId,
            Resumed = resumed,
            AlreadyDone = alreadyDone,
            TargetSchema = _plan.TargetSchema,
            Snapshot = snapshot,
            CdcStart = await admin.StartPositionAsync(runId, cancellationToken),
            Attempts = attempts.Attempts,
            Tables = results,
            Phases = phases,
            Deferred = deferred,
            Notes = notes,
            RejectFile = _options.OnError == OnErrorMode.Skip ? _options.RejectFile ?? "godwit-rejects.jsonl" : null,
        };
    }
}
