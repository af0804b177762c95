using System.Globalization;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>Query results in one text form for both engines: rows sorted, NULL spelled out, unordered lists sorted.</summary>
internal static class CanonicalRows
{
    /// <param name="unorderedLists">Columns (by position) holding a GROUP_CONCAT without ORDER BY, whose element order neither engine defines, with their separator.</param>
    public static string Of(List<string?[]> rows, IReadOnlyDictionary<int, string>? unorderedLists = null)
    {
        var lines = rows.Select(r => string.Join(" | ", r.Select((v, i) => Value(v, i, unorderedLists)))).ToList();
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    private static string Value(string? v, int i, IReadOnlyDictionary<int, string>? lists)
    {
        if (v is null)
        {
            return "NULL";
        }

        if (lists is not null && lists.TryGetValue(i, out var separator))
        {
            var items = v.Split(separator).ToList();
            items.Sort(StringComparer.Ordinal);
            return string.Join(separator, items);
        }

        // Booleans: MariaDB returns 0/1, Npgsql True/False.
        return v switch
        {
            "True" => "1",
            "False" => "0",
            _ => v.ToString(CultureInfo.InvariantCulture),
        };
    }
}
