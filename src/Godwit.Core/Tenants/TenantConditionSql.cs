using System.Text;
using Godwit.Core.Copy;

namespace Godwit.Core.Tenants;

/// <summary>
/// A target-side row filter as SQL with positional parameters: the tenant values travel as parameters (text), and
/// the engine supplies quoting and how a parameter is written (<c>?</c>, <c>$1</c>) and compared (a cast to text).
/// </summary>
public static class TenantConditionSql
{
    /// <summary>The condition for rows of a table the filter keeps; <paramref name="values"/> receives the parameters in order.</summary>
    public static string Build(
        RowFilter filter, string schema, Func<string, string> quote, Func<int, string> parameter, Func<string, string> asText, List<string> values)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(asText);
        ArgumentNullException.ThrowIfNull(values);
        var list = new StringBuilder();
        foreach (var v in filter.Values)
        {
            values.Add(v);
            list.Append(list.Length == 0 ? string.Empty : ", ").Append(parameter(values.Count));
        }

        var condition = $"{asText(quote(filter.Column))} IN ({list})";
        for (var i = filter.Path.Count - 1; i >= 0; i--)
        {
            var hop = filter.Path[i];
            condition = $"({string.Join(", ", hop.Columns.Select(quote))}) IN (SELECT {string.Join(", ", hop.ParentColumns.Select(quote))} "
                + $"FROM {quote(schema)}.{quote(hop.ParentTable)} WHERE {condition})";
        }

        return condition;
    }
}
