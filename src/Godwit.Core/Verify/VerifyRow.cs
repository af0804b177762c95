namespace Godwit.Core.Verify;

/// <summary>
/// One row read for comparison: its key and every compared column's canonical text (null for SQL NULL), in
/// <see cref="VerifyTable.Columns"/> order (or the subset the read asked for).
/// </summary>
public sealed record VerifyRow(RowKey Key, string?[] Values)
{
    /// <summary>The whole row as one string, for multiset comparison of keyless tables (length-prefixed, so NULL, '' and 'NULL' differ).</summary>
    public string WholeRow()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var v in Values)
        {
            if (v is null)
            {
                sb.Append('~');
            }
            else
            {
                sb.Append(v.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(v);
            }
        }

        return sb.ToString();
    }
}
