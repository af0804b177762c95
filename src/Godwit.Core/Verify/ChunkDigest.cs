namespace Godwit.Core.Verify;

/// <summary>
/// What each database computes for a chunk without sending rows: the row count and the sum modulo 2^64 of every
/// row's 64-bit hash (MySQL sums them unsigned, PostgreSQL as signed bigint: the same bits modulo 2^64). A sum,
/// not an XOR: XOR cancels a duplicated pair of rows. (An XOR next to the sum would double the cost on MariaDB,
/// which evaluates the hash expression once per aggregate.)
/// </summary>
public readonly record struct ChunkDigest(long Count, ulong Sum)
{
    public static ChunkDigest Empty => default;
}
