using System.Diagnostics;
using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Godwit.Postgres.Schema;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>
/// Runs <c>godwit migrate</c> against PostgreSQL: pre-data DDL, chunk plan, consistent snapshot, parallel chunk
/// copy (each chunk one transaction that also marks it done in <c>godwit.copy_chunks</c>), post-data DDL in
/// parallel, ANALYZE. Re-running after a crash resumes: chunks already done are not copied again.
/// </summary>
public sealed class PgCopyRunner
{
    private readonly ICopySource _source;
    private readonly ConnectionUri _target;
    private readonly PgSchemaPlan _plan;
    private readonly CopyOptions _options;
    private readonly CopyProgress _progress;
    private readonly Action<string> _warn;
    private readonly string _connectionString;

    public PgCopyRunner(ICopySource source, ConnectionUri target, PgSchemaPlan plan, CopyOptions options, CopyProgress progress, Action<string> warn)
    {
        _source = source;
        _target = target;
        _plan = plan;
        _options = options;
        _progress = progress;
        _warn = warn;
        var b = PgConnectionFactory.ToConnectionString(target);
        b.CommandTimeout = 0;

        // COPY streams megabytes: fewer, larger socket writes than the default 8 KiB buffer.
        b.WriteBufferSize = 256 * 1024;
        b.MaxPoolSize = Math.Max(64, (options.Jobs * 2) + 4);
        _connectionString = b.ConnectionString;
    }

    public async Task<CopyResult> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        await using var admin = await OpenAsync(cancellationToken);
        await PgCopyStore.EnsureAsync(admin, cancellationToken);
        var stream = _options.Stream ?? _plan.TargetSchema;
        var run = await PgCopyStore.FindRunAsync(admin, stream, cancellationToken);
        if (run is not null && _options.Restart)
        {
            await PgCopyStore.ForgetRunsAsync(admin, stream, _options.SourceDatabase, _plan.TargetSchema, cancellationToken);
            run = null;
        }

        var tables = _plan.Tables.Select(t => new CopyTable(t)).ToList();
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
            try
            {
                var applied = await PgSchemaApplier.ApplyAsync(admin, _plan, _options.IfExists, [DdlPhase.PreData], cancellationToken);
                notes.AddRange(applied.Failed);
            }
            catch (PgSchemaConflictException ex)
            {
                throw new InvalidOperationException(ex.Message + " (or resume: an earlier run of this migration was not found in godwit.copy_runs)", ex);
            }

            _progress.Phase = "planning chunks";
            var chunks = new List<ChunkSpec>();
            foreach (var t in tables)
            {
                chunks.AddRange(await _source.PlanChunksAsync(t, ChunkRows(t), cancellationToken));
            }

            runId = await PgCopyStore.CreateRunAsync(admin, _options.SourceDisplay, _options.SourceDatabase, _plan.TargetSchema, stream, _options.Jobs, chunks, cancellationToken);
        }
        else
        {
            runId = run.RunId;
        }

        var schemaTime = total.Elapsed;
        var stored = await PgCopyStore.LoadChunksAsync(admin, runId, cancellationToken);
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
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
        // Tables with the most secondary indexes first (their index builds then overlap with the copy of the others),
        // then the largest first.
        var pending = stored.Where(c => !c.Done && byName.ContainsKey(c.Spec.Table))
            .OrderByDescending(c => byName[c.Spec.Table].Mapping.Source.Indexes.Count(i => i.Kind != Core.Schema.IndexKind.Primary)
                + byName[c.Spec.Table].Mapping.Source.ForeignKeys.Count)
            .ThenByDescending(c => byName[c.Spec.Table].Mapping.Source.RowEstimate)
            .ThenBy(c => c.Spec.Table, StringComparer.Ordinal)
            .ThenBy(c => c.Spec.Number)
            .Select(c => c.Spec)
            .ToList();

        var positions = await CountAttemptsAsync(admin, runId, cancellationToken);
        var willSnapshot = run is null or { Status: "copying" } && pending.Count > 0;
        var mixed = positions.Attempts + (willSnapshot ? 1 : 0) > 1 || positions.LockFree || (willSnapshot && _options.Snapshot == SnapshotMode.LockFree);
        using var postStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var post = new PgPostData(_plan, OpenAsync, _options.Jobs, _progress, runId, mixed);
        foreach (var t in tables.Where(t => progressByName[t.Name].ChunksDone >= progressByName[t.Name].Chunks))
        {
            post.StartTable(t.Mapping.Name, postStop.Token);
        }

        SnapshotInfo? snapshot = null;
        var copyWatch = Stopwatch.StartNew();
        if (willSnapshot)
        {
            _progress.Phase = "snapshot";
            var workers = Math.Max(1, Math.Min(_options.Jobs, pending.Count));
            snapshot = await _source.OpenSnapshotAsync(workers, _options.Snapshot, cancellationToken);
            var attempt = await PgCopyStore.AddPositionAsync(admin, runId, snapshot, cancellationToken);
            if (snapshot.Warning is { } w)
            {
                _warn(w);
            }

            if (snapshot.Method == SnapshotMethod.LockFree && !mixed)
            {
                mixed = true;
                post = new PgPostData(_plan, OpenAsync, _options.Jobs, _progress, runId, mixedSnapshots: true);
            }

            _progress.Phase = "copy";
            try
            {
                await CopyAsync(runId, attempt, workers, pending, byName, progressByName, t => post.StartTable(t.Mapping.Name, postStop.Token), cancellationToken);
            }
            catch
            {
                await postStop.CancelAsync();
                await post.AbandonAsync();
                throw;
            }
        }

        var copyTime = copyWatch.Elapsed;
        await PgCopyStore.SetStatusAsync(admin, runId, "post-data", cancellationToken);

        _progress.Phase = "indexes and constraints";
        var postWatch = Stopwatch.StartNew();
        var postResult = await post.FinishAsync(postStop.Token);
        notes.AddRange(postResult.Notes);
        var postTime = postWatch.Elapsed;

        await PgCopyStore.SetStatusAsync(admin, runId, "done", cancellationToken);
        _progress.Phase = "done";
        return await SummaryAsync(
            admin, runId, tables, resumed, alreadyDone: false, snapshot, new CopyPhases(schemaTime, copyTime, postTime), postResult.Deferred, notes, cancellationToken, progressByName);
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

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new PgConnectException(_target, ex);
        }
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
        await using var pg = await OpenAsync(cancellationToken);
        await pg.ReloadTypesAsync(cancellationToken);
        await using (var setup = new NpgsqlCommand("SET synchronous_commit = off; SET statement_timeout = 0; SET lock_timeout = 0", pg))
        {
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        // The target's triggers and FK checks do not fire for copied rows (superuser only; harmless when refused).
        try
        {
            await using var replica = new NpgsqlCommand("SET session_replication_role = replica", pg);
            await replica.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException)
        {
        }

        var batch = new RowBatch(1);

        var writers = new Dictionary<string, PgBatchWriter>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var chunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = tables[chunk.Table];
            var p = progress[chunk.Table];
            p.Started();
            PgBatchWriter? writer = null;
            if (!writers.TryGetValue(chunk.Table, out writer))
            {
                writer = new PgBatchWriter(pg, table, _options.OnError, r =>
                {
                    // In the chunk's transaction (exact), and in the reject file for people (appended at once, so a
                    // chunk interrupted and copied again after a resume can list a row twice there).
                    PgCopyStore.AddReject(pg, runId, writer!.Chunk, r);
                    rejects!.Write(r);
                });
                writers[chunk.Table] = writer;
            }

            writer.Chunk = chunk.Number;
            await CopyChunkAsync(pg, runId, attempt, source, table, chunk, writer, batch, p, limiter, cancellationToken);
            if (p.ChunkDone())
            {
                // The table's last chunk: its indexes can be built while other tables still copy.
                tableDone(table);
            }
        }
    }

    /// <summary>
    /// Copies one chunk in one target transaction: the worker's snapshot connection streams the rows into a
    /// reused batch; each full batch is written (COPY in a savepoint, bisected on failure) before the next is read,
    /// so a worker holds one batch at a time. The chunk is marked done in the same transaction, then committed.
    /// </summary>
    private static async Task<CopyCounts> CopyChunkAsync(
        NpgsqlConnection pg, long runId, int attempt, ISourceWorker source, CopyTable table, ChunkSpec chunk, PgBatchWriter writer, RowBatch batch,
        TableProgress progress, RowRateLimiter limiter, CancellationToken cancellationToken)
    {
        var counts = default(CopyCounts);
        await using var tx = await pg.BeginTransactionAsync(cancellationToken);
        try
        {
            await source.ReadChunkAsync(
                table,
                chunk,
                _ => ValueTask.FromResult(batch),
                async (full, ct) =>
                {
                    var c = writer.Write(full);
                    counts += c;
                    progress.Add(c);
                    await limiter.WaitAsync(full.Count, ct);
                },
                cancellationToken);
            PgCopyStore.MarkChunkDone(pg, runId, chunk, counts, attempt, source.SnapshotPosition);
            await tx.CommitAsync(cancellationToken);
            return counts;
        }
        catch
        {
            if (!pg.FullState.HasFlag(System.Data.ConnectionState.Broken))
            {
                try
                {
                    await tx.RollbackAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                }
            }

            throw;
        }
    }

    private static async Task<(int Attempts, bool LockFree)> CountAttemptsAsync(NpgsqlConnection connection, long runId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("SELECT count(*)::int, coalesce(bool_or(method = 'lock-free'), false) FROM godwit.positions WHERE run_id = $1", connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return (r.GetInt32(0), r.GetBoolean(1));
    }

    private async Task<CopyResult> SummaryAsync(
        NpgsqlConnection admin, long runId, List<CopyTable> tables, bool resumed, bool alreadyDone, SnapshotInfo? snapshot, CopyPhases phases,
        IReadOnlyList<string> deferred, IReadOnlyList<SchemaNote> notes, CancellationToken cancellationToken, Dictionary<string, TableProgress>? progress = null)
    {
        var stored = await PgCopyStore.LoadChunksAsync(admin, runId, cancellationToken);
        var results = new List<TableCopyResult>();
        foreach (var t in tables)
        {
            var mine = stored.Where(c => c.Spec.Table == t.Name).ToList();
            var counts = mine.Where(c => c.Done).Aggregate(default(CopyCounts), (a, c) => a + c.Counts);
            var p = progress?.GetValueOrDefault(t.Name);
            results.Add(new TableCopyResult(t.Name, t.Mapping.QualifiedName, counts, p?.Elapsed ?? TimeSpan.Zero, mine.Count, p?.ChunksResumed ?? (alreadyDone ? mine.Count : 0)));
        }

        var attempts = await CountAttemptsAsync(admin, runId, cancellationToken);
        return new CopyResult
        {
            RunId = runId,
            Resumed = resumed,
            AlreadyDone = alreadyDone,
            TargetSchema = _plan.TargetSchema,
            Snapshot = snapshot,
            CdcStart = await PgCopyStore.StartPositionAsync(admin, runId, cancellationToken),
            Attempts = attempts.Attempts,
            Tables = results,
            Phases = phases,
            Deferred = deferred,
            Notes = notes,
            RejectFile = _options.OnError == OnErrorMode.Skip ? _options.RejectFile ?? "godwit-rejects.jsonl" : null,
        };
    }
}
