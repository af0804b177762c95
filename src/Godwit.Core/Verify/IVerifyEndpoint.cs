namespace Godwit.Core.Verify;

/// <summary>
/// One side of a comparison (the MySQL source or the PostgreSQL target). Implementations compute the same
/// canonical text per value from the column's cast, so equal data gives equal digests and equal rows.
/// </summary>
public interface IVerifyEndpoint : IAsyncDisposable
{
    /// <summary>Exact row count of the table.</summary>
    Task<long> CountAsync(VerifyTable table, CancellationToken cancellationToken);

    /// <summary>The smallest and largest key of an integer-keyed table, or null when it is empty.</summary>
    Task<KeyRange?> KeyBoundsAsync(VerifyTable table, CancellationToken cancellationToken);

    /// <summary>Count and sum of the 64-bit row hashes over <paramref name="columns"/> (positions in <see cref="VerifyTable.Columns"/>), computed in the database; the whole table when <paramref name="range"/> is null.</summary>
    Task<ChunkDigest> DigestAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, CancellationToken cancellationToken);

    /// <summary>
    /// The rows of the range (the whole table when null) in key order (any order for keyless tables), with the
    /// canonical text of the columns at <paramref name="columns"/> (positions in <see cref="VerifyTable.Columns"/>).
    /// </summary>
    IAsyncEnumerable<VerifyRow> ReadRowsAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, CancellationToken cancellationToken);
}
