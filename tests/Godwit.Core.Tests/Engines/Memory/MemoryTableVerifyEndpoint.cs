using System.Runtime.CompilerServices;
using System.Text;
using Godwit.Core.Verify;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>One side of a verify held in memory: one table's rows by integer key, counted, hashed and streamed as verify asks.</summary>
internal sealed class MemoryTableVerifyEndpoint(SortedDictionary<long, string?[]> rows) : IVerifyEndpoint
{
    public Task<long> CountAsync(VerifyTable table, CancellationToken cancellationToken) => Task.FromResult((long)rows.Count);

    public Task<KeyRange?> KeyBoundsAsync(VerifyTable table, CancellationToken cancellationToken) =>
        Task.FromResult(rows.Count == 0 ? (KeyRange?)null : new KeyRange(rows.Keys.First(), rows.Keys.Last()));

    public Task<ChunkDigest> DigestAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var kept = In(range).ToList();
        var sum = kept.Aggregate(0UL, (s, r) => unchecked(s + Hash(columns.Select(c => r.Value[c]))));
        return Task.FromResult(new ChunkDigest(kept.Count, sum));
    }

    public async IAsyncEnumerable<VerifyRow> ReadRowsAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var (key, values) in In(range).ToList())
        {
            await Task.Yield();
            yield return new VerifyRow(RowKey.Of(key), [.. columns.Select(c => values[c])]);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>FNV-1a over the values with a separator (and a mark for NULL), so equal rows hash equal on both sides.</summary>
    private static ulong Hash(IEnumerable<string?> values)
    {
        var hash = 14695981039346656037UL;
        foreach (var value in values)
        {
            foreach (var b in Encoding.UTF8.GetBytes(value is null ? "\u0001NULL" : value + "\u0000"))
            {
                hash = unchecked((hash ^ b) * 1099511628211UL);
            }
        }

        return hash;
    }

    private IEnumerable<KeyValuePair<long, string?[]>> In(KeyRange? range) =>
        range is { } r ? rows.Where(p => p.Key >= r.Lo && p.Key <= r.Hi) : rows;
}
