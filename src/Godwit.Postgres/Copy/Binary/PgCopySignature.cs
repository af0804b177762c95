namespace Godwit.Postgres.Copy.Binary;

/// <summary>
/// The 11 bytes that open PostgreSQL's binary COPY data (docs: COPY, "Binary Format"): "PGCOPY\n\377\r\n\0". A 32-bit
/// flags field and a 32-bit header extension length follow. What the copy writes and what it reads check against.
/// </summary>
internal static class PgCopySignature
{
    public static ReadOnlySpan<byte> Bytes => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
}
