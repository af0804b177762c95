using System.Globalization;
using Godwit.Core.Ddl;

namespace Godwit.Core.Copy;

/// <summary>
/// A point in the source's binary log: file and byte offset, plus the GTID set at that point
/// (MariaDB <c>@@gtid_binlog_pos</c>, MySQL <c>@@gtid_executed</c>). CDC starts reading here.
/// </summary>
public sealed record SourcePosition(string? File, long? Position, string? Gtid)
{
    public static SourcePosition None { get; } = new(null, null, null);

    /// <summary>Orders two positions in the same server's binlog by file name, then offset.</summary>
    public static int Compare(SourcePosition a, SourcePosition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byFile = Nullable.Compare(Sequence(a.File), Sequence(b.File));
        if (byFile == 0)
        {
            byFile = string.CompareOrdinal(a.File, b.File);
        }

        return byFile != 0 ? byFile : Nullable.Compare(a.Position, b.Position);
    }

    /// <summary>The numeric extension of a binlog file name (<c>mysql-bin.000012</c> → 12), which keeps growing past 999999.</summary>
    private static long? Sequence(string? file)
    {
        var dot = file?.LastIndexOf('.') ?? -1;
        return dot >= 0 && long.TryParse(file.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public override string ToString() =>
        File is null ? (Gtid is null ? "(no binlog position)" : $"gtid {Gtid}")
        : string.Create(CultureInfo.InvariantCulture, $"{File}:{Position}") + (string.IsNullOrEmpty(Gtid) ? string.Empty : $" gtid {Gtid}");
}

/// <summary>How the copy's consistent point was taken (see docs in <see cref="ICopySource.OpenSnapshotAsync"/>).</summary>
public enum SnapshotMethod
{
    /// <summary>FLUSH TABLES WITH READ LOCK held while every worker opened its snapshot: one exact position for all.</summary>
    GlobalReadLock,

    /// <summary>No lock: each worker has its own snapshot; the recorded position is read before any of them (earliest).</summary>
    LockFree,
}

/// <summary>What the user asked for: <c>auto</c> tries the lock and falls back when privileges refuse it.</summary>
public enum SnapshotMode
{
    Auto,
    Lock,
    LockFree,
}

/// <summary>The snapshot the workers read under.</summary>
public sealed record SnapshotInfo(SnapshotMethod Method, SourcePosition Position, string? Warning)
{
    /// <summary>Per-worker snapshot positions (MariaDB's binlog_snapshot_file/position), when the server reports them.</summary>
    public IReadOnlyList<SourcePosition?> WorkerPositions { get; init; } = [];
}

/// <summary>
/// One unit of copy work: the rows of <see cref="Table"/> whose primary key is above <see cref="Lower"/>
/// (exclusive) and at most <see cref="Upper"/> (inclusive). Bounds are full key tuples as source SQL literals;
/// null means unbounded, so the chunks of a table always cover its whole key space, rows inserted later included.
/// </summary>
public sealed record ChunkSpec(string Table, int Number, IReadOnlyList<string>? Lower, IReadOnlyList<string>? Upper)
{
    public string Describe(IReadOnlyList<string> keyColumns)
    {
        static string Tuple(IReadOnlyList<string>? v) => v is null ? "∞" : v.Count == 1 ? v[0] : "(" + string.Join(", ", v) + ")";
        return Lower is null && Upper is null
            ? "all rows"
            : $"{(keyColumns.Count == 1 ? keyColumns[0] : "(" + string.Join(", ", keyColumns) + ")")} in ({(Lower is null ? "-∞" : Tuple(Lower))}, {(Upper is null ? "+∞" : Tuple(Upper))}]";
    }
}

/// <summary>One table to copy: the mapping from the schema plan and the key used for chunking and messages.</summary>
public sealed class CopyTable
{
    public CopyTable(PgTableMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Mapping = mapping;
        Columns = [.. mapping.CopyColumns];
        var pk = mapping.Source.PrimaryKey;
        KeyColumns = pk is null ? [] : [.. pk.Parts.Where(p => p.Column is not null).Select(p => p.Column!)];
        KeyOrdinals = [.. KeyColumns.Select(k => Columns.ToList().FindIndex(c => string.Equals(c.Source.Name, k, StringComparison.OrdinalIgnoreCase)))];
    }

    public PgTableMapping Mapping { get; }

    /// <summary>Source table name (what chunks and progress are keyed by).</summary>
    public string Name => Mapping.Source.Name;

    /// <summary>The columns copied, in select-list and COPY order.</summary>
    public IReadOnlyList<PgColumnMapping> Columns { get; }

    /// <summary>Source primary-key columns; empty when the table has none (copied as one chunk).</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>Index of each key column in <see cref="Columns"/> (-1 when not copied).</summary>
    public IReadOnlyList<int> KeyOrdinals { get; }

    /// <summary>The key of a row in a batch, e.g. <c>id=42</c> or <c>a=1, b='x'</c>, for error messages and rejects.</summary>
    public string DescribeKey(RowBatch batch, int row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (KeyColumns.Count == 0 || KeyOrdinals.Any(o => o < 0))
        {
            return "(no primary key) " + string.Join(", ", Enumerable.Range(0, Math.Min(3, Columns.Count)).Select(c => $"{Columns[c].Source.Name}={Show(batch, row, c)}"));
        }

        return string.Join(", ", KeyColumns.Select((k, i) => $"{k}={Show(batch, row, KeyOrdinals[i])}"));
    }

    public static string Show(RowBatch batch, int row, int column)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsNull(row, column))
        {
            return "NULL";
        }

        var value = batch.Value(row, column);
        var digits = value.Length > 0 && value[0] == '-' ? value[1..] : value;
        var numeric = digits.Length is > 0 and <= 40 && digits.Count((byte)'.') <= 1 && digits[0] != '.';
        foreach (var b in digits)
        {
            numeric &= b is (>= (byte)'0' and <= (byte)'9') or (byte)'.';
        }

        return numeric ? System.Text.Encoding.ASCII.GetString(value) : Types.ValueConversionException.Display(value);
    }
}

/// <summary>Counts for a batch, a chunk or a table: rows read = loaded + rejected.</summary>
public record struct CopyCounts(long Read, long Loaded, long Rejected, long Bytes)
{
    public static CopyCounts operator +(CopyCounts a, CopyCounts b) =>
        new(a.Read + b.Read, a.Loaded + b.Loaded, a.Rejected + b.Rejected, a.Bytes + b.Bytes);

    public static CopyCounts Add(CopyCounts left, CopyCounts right) => left + right;
}

/// <summary>A row the target refused or the conversion could not handle.</summary>
public sealed record RejectRecord(string Table, string Key, string? Column, string? Value, string Reason);

/// <summary>A bad row under <c>--on-error stop</c>: the message names the table, the key and the column.</summary>
public sealed class CopyRowException : Exception
{
    public CopyRowException(RejectRecord reject, Exception? inner = null)
        : base($"{reject?.Table}: row {reject?.Key}" + (reject?.Column is null ? string.Empty : $", column {reject.Column}")
            + (reject?.Value is null ? string.Empty : $", value {reject.Value}") + $": {reject?.Reason}", inner)
    {
        Reject = reject!;
    }

    public CopyRowException()
    {
        Reject = new RejectRecord(string.Empty, string.Empty, null, null, string.Empty);
    }

    public CopyRowException(string message)
        : base(message)
    {
        Reject = new RejectRecord(string.Empty, string.Empty, null, null, message);
    }

    public CopyRowException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reject = new RejectRecord(string.Empty, string.Empty, null, null, message);
    }

    public RejectRecord Reject { get; }
}
