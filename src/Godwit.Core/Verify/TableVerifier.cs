namespace Godwit.Core.Verify;

/// <summary>
/// Verifies one table: counts, or chunks (key ranges of an integer primary key; the whole table otherwise) that
/// are checksummed inside both databases and bisected down to rows where they differ, or rows streamed and
/// merged. Differences then get a second look after <see cref="VerifyOptions.Recheck"/>: a row that settles or
/// keeps changing on the source is unsettled, not different. Finished chunks are recorded so a rerun resumes.
/// </summary>
public sealed class TableVerifier
{
    private readonly IVerifyEndpoint _source;
    private readonly IVerifyEndpoint _target;
    private readonly VerifyOptions _options;
    private readonly ITargetCatchUp _catchUp;
    private readonly IVerifyProgressStore? _store;
    private readonly string _runId;
    private readonly IVerifyProgress? _progress;
    private readonly IVerifyChunkDispatcher? _chunks;

    // Per table: whether JSON columns still hash equal as text (source as written, target as jsonb text).
    private volatile bool _jsonAsText;

    public TableVerifier(
        IVerifyEndpoint source, IVerifyEndpoint target, VerifyOptions options, ITargetCatchUp catchUp, IVerifyProgressStore? store, string runId, IVerifyProgress? progress,
        IVerifyChunkDispatcher? chunks = null)
    {
        _chunks = chunks;
        _source = source;
        _target = target;
        _options = options;
        _catchUp = catchUp;
        _store = store;
        _runId = runId;
        _progress = progress;
    }

    public async Task<TableVerifyResult> VerifyAsync(VerifyTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        _jsonAsText = table.JsonColumns.Count > 0;
        var result = new TableVerifyResult(table.Name, table.Mapping.Schema + "." + table.Mapping.Name, _options.Mode, _options.MaxDifferences);
        _progress?.TableStarted(table, Math.Max(table.Source.RowEstimate, 0));
        if (_options.Mode == VerifyMode.Count)
        {
            await CountAsync(table, result, cancellationToken);
        }
        else
        {
            await CompareAsync(table, result, cancellationToken);
        }

        _progress?.TableFinished(table, result);
        return result;
    }

    private async Task CountAsync(VerifyTable table, TableVerifyResult result, CancellationToken cancellationToken)
    {
        var s = _source.CountAsync(table, cancellationToken);
        var t = _target.CountAsync(table, cancellationToken);
        result.SourceRows = await s;
        result.TargetRows = await t;
        result.Compared = result.SourceRows;
        result.Matching = Math.Min(result.SourceRows, result.TargetRows);
        if (result.SourceRows > result.TargetRows)
        {
            result.MissingOnTarget = result.SourceRows - result.TargetRows;
        }
        else
        {
            result.ExtraOnTarget = result.TargetRows - result.SourceRows;
        }

        _progress?.RowsDone(table, result.SourceRows);
    }

    private async Task CompareAsync(VerifyTable table, TableVerifyResult result, CancellationToken cancellationToken)
    {
        var chunks = await PlanChunksAsync(table, cancellationToken);
        result.Chunks = chunks.Count;
        var done = _store is null
            ? new Dictionary<long, ChunkOutcome>()
            : await _store.CompletedChunksAsync(_runId, table.Name, cancellationToken);
        if (!table.IsIntegerKeyed)
        {
            result.Notes.Add(table.HasKey
                ? "primary key is not a single integer column: compared as one chunk, bisection falls back to streaming the table"
                : "no primary key: compared as a multiset of whole rows");
        }

        var total = new ComparisonOutcome();
        var gate = new object();

        // Rows of differences are kept (for the re-check and the report) up to a limit; beyond it only counted, so an
        // empty or wildly different target cannot exhaust memory.
        var keep = Math.Max(_options.MaxDifferences, 10_000);
        var overflow = new Dictionary<DifferenceKind, long>();
        await Parallel.ForEachAsync(
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                var lo = chunk?.Lo ?? long.MinValue;
                if (done.TryGetValue(lo, out var previous) && previous.Equal && previous.Hi == (chunk?.Hi ?? long.MinValue))
                {
                    lock (gate)
                    {
                        total.SourceRows += previous.SourceRows;
                        total.TargetRows += previous.TargetRows;
                        total.Matching += previous.SourceRows;
                        result.ResumedChunks++;
                    }

                    _progress?.RowsDone(table, previous.SourceRows);
                    return;
                }

                var position = await _catchUp.SourcePositionAsync(ct);
                await _catchUp.WaitUntilAppliedAsync(position, _options.CatchUpTimeout, ct);
                var outcome = _chunks is null
                    ? await CompareChunkAsync(table, chunk, ct)
                    : ComparisonWire.Decode(await _chunks.CompareAsync(table, chunk, ct));
                if (_store is not null)
                {
                    await _store.RecordChunkAsync(_runId, table.Name, new ChunkOutcome(lo, chunk?.Hi ?? long.MinValue, outcome.SourceRows, outcome.TargetRows, outcome.Differences.Count == 0), ct);
                }

                lock (gate)
                {
                    total.Add(outcome);
                    if (total.Differences.Count > keep)
                    {
                        foreach (var d in total.Differences.Skip(keep))
                        {
                            overflow[d.Kind] = overflow.GetValueOrDefault(d.Kind) + d.Multiplicity;
                        }

                        total.Differences.RemoveRange(keep, total.Differences.Count - keep);
                    }
                }

                _progress?.RowsDone(table, outcome.SourceRows);
            });

        var streamed = table.StreamedColumns.Where(i => !(_jsonAsText && table.JsonColumns.Contains(i))).ToList();
        if (_options.Mode == VerifyMode.Checksum && streamed.Count > 0)
        {
            result.Notes.Add("compared by streaming and normalizing in Godwit rather than by in-database checksums"
                + (table.JsonColumns.Count > 0 && !_jsonAsText ? " (the source's JSON text is not spelled as jsonb prints it)" : string.Empty) + ": "
                + string.Join(", ", streamed.Select(i => table.Columns[i].Source.Name)));
        }

        result.SourceRows = total.SourceRows;
        result.TargetRows = total.TargetRows;
        result.Compared = total.SourceRows;
        result.Matching = total.Matching;
        var differences = total.Differences.OrderBy(d => d.Key).ToList();
        if (differences.Count > 0 && _options.Recheck is { } delay)
        {
            differences = await RecheckAsync(table, differences, delay, cancellationToken);
        }

        foreach (var d in differences)
        {
            result.Add(ToReport(table, d));
        }

        if (overflow.Count > 0)
        {
            result.MissingOnTarget += overflow.GetValueOrDefault(DifferenceKind.Missing);
            result.ExtraOnTarget += overflow.GetValueOrDefault(DifferenceKind.Extra);
            result.Different += overflow.GetValueOrDefault(DifferenceKind.Different);
            result.Notes.Add(FormattableString.Invariant($"{overflow.Values.Sum()} differences beyond the first {keep} were counted but not re-checked or listed"));
        }
    }

    /// <summary>
    /// Compares one chunk (null: the whole table) as <see cref="VerifyAsync"/> does, for a worker that verifies chunks
    /// another process dispatched (<see cref="IVerifyChunkDispatcher"/>); the outcome is encoded for the reply.
    /// </summary>
    public async Task<string> CompareChunkEncodedAsync(VerifyTable table, KeyRange? chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        _jsonAsText = table.JsonColumns.Count > 0;
        return ComparisonWire.Encode(await CompareChunkAsync(table, chunk, cancellationToken));
    }

    private Task<ComparisonOutcome> CompareChunkAsync(VerifyTable table, KeyRange? chunk, CancellationToken cancellationToken) =>
        _options.Mode == VerifyMode.Checksum ? ChecksumChunkAsync(table, chunk, cancellationToken) : RowsAsync(table, chunk, cancellationToken);

    /// <summary>Key ranges of about <see cref="VerifyOptions.ChunkRows"/> rows over both sides' key span; one whole-table scope (null) otherwise.</summary>
    private async Task<IReadOnlyList<KeyRange?>> PlanChunksAsync(VerifyTable table, CancellationToken cancellationToken)
    {
        if (!table.IsIntegerKeyed)
        {
            return [null];
        }

        var s = _source.KeyBoundsAsync(table, cancellationToken);
        var t = _target.KeyBoundsAsync(table, cancellationToken);
        var sb = await s;
        var tb = await t;
        if (sb is null && tb is null)
        {
            return [new KeyRange(0, 0)];
        }

        var lo = Math.Min(sb?.Lo ?? long.MaxValue, tb?.Lo ?? long.MaxValue);
        var hi = Math.Max(sb?.Hi ?? long.MinValue, tb?.Hi ?? long.MinValue);
        var span = (UInt128)(ulong)(hi - lo) + 1;
        var estimate = (UInt128)(ulong)Math.Max(1, table.Source.RowEstimate);
        var width = UInt128.Max(1, span * (UInt128)(ulong)_options.ChunkRows / estimate);
        var chunks = new List<KeyRange?>();
        for (var start = (Int128)lo; start <= hi; start += (Int128)width)
        {
            var end = Int128.Min(start + (Int128)width - 1, hi);
            chunks.Add(new KeyRange((long)start, (long)end));
        }

        return chunks;
    }

    private async Task<ComparisonOutcome> ChecksumChunkAsync(VerifyTable table, KeyRange? range, CancellationToken cancellationToken)
    {
        var jsonAsText = _jsonAsText;
        IReadOnlyList<int> hashed = jsonAsText ? [.. table.InDatabaseHashColumns.Concat(table.JsonColumns).Order()] : table.InDatabaseHashColumns;
        var s = _source.DigestAsync(table, range, hashed, cancellationToken);
        var t = _target.DigestAsync(table, range, hashed, cancellationToken);
        var sd = await s;
        var td = await t;
        var outcome = sd == td
            ? new ComparisonOutcome { SourceRows = sd.Count, TargetRows = td.Count, Matching = sd.Count }
            : await BisectAsync(table, range, hashed, sd, td, cancellationToken);
        if (jsonAsText && sd != td && outcome.Differences.Count == 0)
        {
            // The rows were equal once JSON was normalized: the source spells JSON differently from jsonb. From
            // now on JSON is streamed and normalized instead of hashed as text (no more false alarms to bisect).
            _jsonAsText = false;
        }

        var streamed = table.StreamedColumns.Where(i => !(jsonAsText && table.JsonColumns.Contains(i))).ToList();
        if (streamed.Count > 0 && !table.HasKey && sd == td)
        {
            // Keyless: rows have no identity to attach column values to, so compare the whole rows as a multiset.
            return await RowsAsync(table, range, cancellationToken);
        }

        if (streamed.Count > 0)
        {
            await AddStreamedColumnDifferencesAsync(table, range, streamed, outcome, cancellationToken);
        }

        return outcome;
    }

    /// <summary>Halves a mismatched range until it is small, then compares its rows. The right half's digest is the parent's minus the left's, so each level costs one query per side.</summary>
    private async Task<ComparisonOutcome> BisectAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> hashed, ChunkDigest source, ChunkDigest target, CancellationToken cancellationToken)
    {
        if (range is not { } r || r.IsSingle || Math.Max(source.Count, target.Count) <= _options.LeafRows)
        {
            return await RowsAsync(table, range, cancellationToken);
        }

        var (left, right) = r.Split();
        var s = _source.DigestAsync(table, left, hashed, cancellationToken);
        var t = _target.DigestAsync(table, left, hashed, cancellationToken);
        var sl = await s;
        var tl = await t;
        var sr = Minus(source, sl);
        var tr = Minus(target, tl);
        var outcome = new ComparisonOutcome();
        outcome.Add(sl == tl ? new ComparisonOutcome { SourceRows = sl.Count, TargetRows = tl.Count, Matching = sl.Count } : await BisectAsync(table, left, hashed, sl, tl, cancellationToken));
        outcome.Add(sr == tr ? new ComparisonOutcome { SourceRows = sr.Count, TargetRows = tr.Count, Matching = sr.Count } : await BisectAsync(table, right, hashed, sr, tr, cancellationToken));
        return outcome;
    }

    private static ChunkDigest Minus(ChunkDigest whole, ChunkDigest part) =>
        new(whole.Count - part.Count, unchecked(whole.Sum - part.Sum));

    /// <summary>Rows of the scope on both sides, every compared column, merged (or as multisets when keyless).</summary>
    private async Task<ComparisonOutcome> RowsAsync(VerifyTable table, KeyRange? range, CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, table.Columns.Count).ToArray();
        return await RowMerger.MergeAsync(
            table, all, _source.ReadRowsAsync(table, range, all, cancellationToken), _target.ReadRowsAsync(table, range, all, cancellationToken), cancellationToken);
    }

    /// <summary>JSON (and EWKB) columns: streamed with the key and compared after normalization; only value differences are added (rows missing on one side were found by the digest).</summary>
    private async Task AddStreamedColumnDifferencesAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, ComparisonOutcome outcome, CancellationToken cancellationToken)
    {
        if (!table.HasKey)
        {
            return; // keyless tables: whole rows were compared (see ChecksumChunkAsync)
        }

        var streamed = await RowMerger.MergeAsync(
            table, columns, _source.ReadRowsAsync(table, range, columns, cancellationToken), _target.ReadRowsAsync(table, range, columns, cancellationToken), cancellationToken);
        var known = outcome.Differences.ToDictionary(d => d.Key);
        foreach (var d in streamed.Differences.Where(d => d.Kind == DifferenceKind.Different))
        {
            if (known.TryGetValue(d.Key, out var existing))
            {
                if (existing.Kind == DifferenceKind.Different)
                {
                    var merged = existing.Columns.Concat(d.Columns.Where(c => existing.Columns.All(e => e.Column != c.Column))).ToList();
                    outcome.Differences[outcome.Differences.IndexOf(existing)] = existing with { Columns = merged };
                }
            }
            else
            {
                outcome.Matching--;
                outcome.Differences.Add(d);
            }
        }
    }

    /// <summary>
    /// Compares the differing rows again after a delay. A difference stands only when it is the same on both
    /// passes and the source row did not change in between; everything else was in flight: unsettled.
    /// </summary>
    private async Task<List<PendingDifference>> RecheckAsync(VerifyTable table, List<PendingDifference> first, TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        var position = await _catchUp.SourcePositionAsync(cancellationToken);
        await _catchUp.WaitUntilAppliedAsync(position, _options.CatchUpTimeout, cancellationToken);
        var second = new Dictionary<string, PendingDifference>(StringComparer.Ordinal);
        foreach (var scope in RecheckScopes(table, first))
        {
            var outcome = await RowsAsync(table, scope, cancellationToken);
            foreach (var d in outcome.Differences)
            {
                second[d.Identity] = d;
            }
        }

        var confirmed = new List<PendingDifference>(first.Count);
        foreach (var d in first)
        {
            var again = second.GetValueOrDefault(d.Identity);
            var stands = again is not null && again.Kind == d.Kind && again.Multiplicity == d.Multiplicity
                && SameSource(d, again)
                && (d.Kind != DifferenceKind.Different || d.Columns.All(c => again.Columns.Any(a => a.Column == c.Column)));
            confirmed.Add(stands ? again! : d with { Kind = DifferenceKind.Unsettled });
        }

        return confirmed;
    }

    /// <summary>Whether the source side of a difference is the same on both passes (a changing source row is in flight).</summary>
    private static bool SameSource(PendingDifference first, PendingDifference again)
    {
        if (first.SourceRow is null || again.SourceRow is null)
        {
            return first.SourceRow is null && again.SourceRow is null;
        }

        if (first.SourceRow.Values.Length == again.SourceRow.Values.Length)
        {
            return first.SourceRow.Values.AsSpan().SequenceEqual(again.SourceRow.Values);
        }

        // The first pass read only some columns (JSON streamed in checksum mode): compare the differing ones.
        return first.Columns.All(c => again.Columns.Any(a => a.Column == c.Column && a.Source == c.Source));
    }

    /// <summary>Integer keys: just the differing keys, adjacent ones merged into ranges. Otherwise the whole table.</summary>
    private static IEnumerable<KeyRange?> RecheckScopes(VerifyTable table, List<PendingDifference> differences)
    {
        if (!table.IsIntegerKeyed)
        {
            yield return null;
            yield break;
        }

        var keys = differences.Select(d => d.Key.Number).Distinct().Order().ToList();
        var i = 0;
        while (i < keys.Count)
        {
            var lo = keys[i];
            var hi = lo;
            while (i + 1 < keys.Count && keys[i + 1] == hi + 1)
            {
                hi = keys[++i];
            }

            i++;
            yield return new KeyRange(lo, hi);
        }
    }

    private static RowDifference ToReport(VerifyTable table, PendingDifference d)
    {
        var row = d.SourceRow ?? d.TargetRow;
        string key;
        if (table.HasKey && row is not null)
        {
            key = string.Join(", ", table.KeyOrdinals.Select(i => table.Columns[i].Source.Name + "=" + Show(row, table, i)));
        }
        else
        {
            key = row is null ? d.Identity : "(" + string.Join(", ", row.Values.Select(v => v is null ? "NULL" : "'" + v + "'")) + ")";
        }

        return new RowDifference(d.Kind, key, d.Columns) { Multiplicity = d.Multiplicity };
    }

    private static string Show(VerifyRow row, VerifyTable table, int column)
    {
        var at = row.Values.Length == table.Columns.Count ? column : -1;
        return at >= 0 ? row.Values[at] ?? "NULL" : row.Key.ToString();
    }
}
