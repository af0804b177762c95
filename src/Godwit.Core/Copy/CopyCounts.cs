namespace Godwit.Core.Copy;

/// <summary>Counts for a batch, a chunk or a table: rows read = loaded + rejected.</summary>
public record struct CopyCounts(long Read, long Loaded, long Rejected, long Bytes)
{
    public static CopyCounts operator +(CopyCounts a, CopyCounts b) =>
        new(a.Read + b.Read, a.Loaded + b.Loaded, a.Rejected + b.Rejected, a.Bytes + b.Bytes);

    public static CopyCounts Add(CopyCounts left, CopyCounts right) => left + right;
}
