namespace Godwit.Core.Copy;

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
