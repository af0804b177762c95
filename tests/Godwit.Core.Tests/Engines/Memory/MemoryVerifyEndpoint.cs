using System.Runtime.CompilerServices;
using Godwit.Core.Verify;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>A verify endpoint of the test doubles: counts what its side holds; digests and rows are not asked for by a cutover.</summary>
internal sealed class MemoryVerifyEndpoint(Func<long> count) : IVerifyEndpoint
{
    public Task<long> CountAsync(VerifyTable table, CancellationToken cancellationToken) => Task.FromResult(count());

    public Task<KeyRange?> KeyBoundsAsync(VerifyTable table, CancellationToken cancellationToken) => throw new NotSupportedException("a cutover counts only");

    public Task<ChunkDigest> DigestAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a cutover counts only");

    public async IAsyncEnumerable<VerifyRow> ReadRowsAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
