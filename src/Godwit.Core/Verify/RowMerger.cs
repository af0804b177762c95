namespace Godwit.Core.Verify;

/// <summary>
/// Compares two row streams. Keyed tables: an ordered merge on the key (like Vitess VDiff), so memory stays
/// constant. Keyless tables: a multiset of whole rows with counts, so a duplicated row is found.
/// </summary>
internal static class RowMerger
{
    public static async Task<ComparisonOutcome> MergeAsync(
        VerifyTable table, IReadOnlyList<int> columns, IAsyncEnumerable<VerifyRow> source, IAsyncEnumerable<VerifyRow> target, CancellationToken cancellationToken)
    {
        if (!table.HasKey)
        {
            return await MultisetAsync(table, columns, source, target, cancellationToken);
        }

        var outcome = new ComparisonOutcome();
        await using var s = new PrefetchingReader(source, cancellationToken);
        await using var t = new PrefetchingReader(target, cancellationToken);
        var hasS = await s.MoveNextAsync();
        var hasT = await t.MoveNextAsync();
        RowKey? lastS = null, lastT = null;
        while (hasS || hasT)
        {
            var cmp = !hasS ? 1 : !hasT ? -1 : s.Current.Key.CompareTo(t.Current.Key);
            if (cmp < 0)
            {
                Check(table, ref lastS, s.Current.Key, "source");
                outcome.SourceRows++;
                outcome.Differences.Add(new PendingDifference(DifferenceKind.Missing, s.Current.Key, s.Current, null, []));
                hasS = await s.MoveNextAsync();
            }
            else if (cmp > 0)
            {
                Check(table, ref lastT, t.Current.Key, "target");
                outcome.TargetRows++;
                outcome.Differences.Add(new PendingDifference(DifferenceKind.Extra, t.Current.Key, null, t.Current, []));
                hasT = await t.MoveNextAsync();
            }
            else
            {
                Check(table, ref lastS, s.Current.Key, "source");
                Check(table, ref lastT, t.Current.Key, "target");
                outcome.SourceRows++;
                outcome.TargetRows++;
                var diff = ColumnsThatDiffer(table, columns, s.Current, t.Current);
                if (diff.Count == 0)
                {
                    outcome.Matching++;
                }
                else
                {
                    outcome.Differences.Add(new PendingDifference(DifferenceKind.Different, s.Current.Key, s.Current, t.Current, diff));
                }

                hasS = await s.MoveNextAsync();
                hasT = await t.MoveNextAsync();
            }
        }

        return outcome;
    }

    public static List<ColumnDifference> ColumnsThatDiffer(VerifyTable table, IReadOnlyList<int> columns, VerifyRow source, VerifyRow target)
    {
        List<ColumnDifference>? diff = null;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!string.Equals(source.Values[i], target.Values[i], StringComparison.Ordinal) && !SameJson(table, columns[i], source.Values[i], target.Values[i]))
            {
                diff ??= [];
                diff.Add(new ColumnDifference(table.Columns[columns[i]].Source.Name, source.Values[i], target.Values[i]));
            }
        }

        return diff ?? [];
    }

    /// <summary>JSON is compared as written first (cheap); only when the texts differ are both normalized.</summary>
    private static bool SameJson(VerifyTable table, int column, string? source, string? target) =>
        source is not null && target is not null
        && table.Columns[column].Cast.Conversion.Kind == Types.ValueConversionKind.Json
        && string.Equals(JsonCanonicalizer.Normalize(source) ?? source, JsonCanonicalizer.Normalize(target) ?? target, StringComparison.Ordinal);

    /// <summary>For whole-row identities (keyless tables): JSON values in their normalized form.</summary>
    private static VerifyRow NormalizeJson(VerifyTable table, IReadOnlyList<int> columns, VerifyRow row)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (row.Values[i] is { } v && table.Columns[columns[i]].Cast.Conversion.Kind == Types.ValueConversionKind.Json)
            {
                row.Values[i] = JsonCanonicalizer.Normalize(v) ?? v;
            }
        }

        return row;
    }

    // An ordered merge is only right when both sides sort keys the same way; say so instead of reporting nonsense.
    private static void Check(VerifyTable table, ref RowKey? last, RowKey key, string side)
    {
        if (last is { } previous && previous.CompareTo(key) >= 0)
        {
            throw new InvalidOperationException(
                $"{table.Name}: the {side} returned key {key} after {previous}: the two databases do not order this primary key the same way, so rows cannot be merged.");
        }

        last = key;
    }

    private static async Task<ComparisonOutcome> MultisetAsync(
        VerifyTable table, IReadOnlyList<int> columns, IAsyncEnumerable<VerifyRow> source, IAsyncEnumerable<VerifyRow> target, CancellationToken cancellationToken)
    {
        var outcome = new ComparisonOutcome();
        var readSource = Task.Run(
            async () =>
            {
                var local = new Dictionary<string, (long Count, VerifyRow Row)>(StringComparer.Ordinal);
                await foreach (var read in source.WithCancellation(cancellationToken))
                {
                    var row = NormalizeJson(table, columns, read);
                    var whole = row.WholeRow();
                    local[whole] = local.TryGetValue(whole, out var e) ? (e.Count + 1, e.Row) : (1, row);
                }

                return local;
            },
            cancellationToken);
        var targetCounts = new Dictionary<string, (long Count, VerifyRow Row)>(StringComparer.Ordinal);
        await foreach (var read in target.WithCancellation(cancellationToken))
        {
            var row = NormalizeJson(table, columns, read);
            var whole = row.WholeRow();
            targetCounts[whole] = targetCounts.TryGetValue(whole, out var e) ? (e.Count + 1, e.Row) : (1, row);
        }

        var counts = await readSource;
        foreach (var (whole, (count, row)) in counts)
        {
            outcome.SourceRows += count;
            var onTarget = targetCounts.TryGetValue(whole, out var t) ? t.Count : 0;
            outcome.Matching += Math.Min(count, onTarget);
            if (count > onTarget)
            {
                outcome.Differences.Add(new PendingDifference(DifferenceKind.Missing, RowKey.Of(whole), row, null, []) { Multiplicity = count - onTarget });
            }
        }

        foreach (var (whole, (count, row)) in targetCounts)
        {
            outcome.TargetRows += count;
            var onSource = counts.TryGetValue(whole, out var s) ? s.Count : 0;
            if (count > onSource)
            {
                outcome.Differences.Add(new PendingDifference(DifferenceKind.Extra, RowKey.Of(whole), null, row, []) { Multiplicity = count - onSource });
            }
        }

        return outcome;
    }
}
