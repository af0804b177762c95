using System.Security.Cryptography;
using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Schema;
using Godwit.Providers.MySql.Snapshot;

namespace Godwit.Providers.MySql.Tenants;

/// <summary>
/// The freeze of one tenant on a MySQL/MariaDB source: a BEFORE INSERT, UPDATE and DELETE trigger on each moving
/// table that refuses (SIGNAL SQLSTATE '45000') a row of that tenant, old or new image, and lets every other row
/// through. Named <c>godwit_tf_&lt;tenant hash&gt;_&lt;op&gt;_&lt;table&gt;</c> so that they are recognisable and the
/// unfreeze (or a rerun after a crash) finds every one of them.
/// </summary>
internal static class MySqlTenantFreeze
{
    /// <summary>The message every refused write carries (applications retry on it: <c>RetryableErrors.IsMySqlTenantFrozen</c>).</summary>
    public const string Message = "godwit: tenant frozen for its move, retry on the primary the routing map names";

    private const int MaxIdentifier = 64;

    public static string Prefix(string tenant) =>
        "godwit_tf_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant)))[..8] + "_";

    public static string Name(string tenant, string op, string table)
    {
        var name = $"{Prefix(tenant)}{op}_{table}";
        return name.Length <= MaxIdentifier
            ? name
            : $"{Prefix(tenant)}{op}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(table)))[..16]}";
    }

    /// <summary>The three triggers' CREATE statements for one table.</summary>
    public static IEnumerable<(string Name, string Create)> Triggers(string tenant, SourceTable table, RowFilter filter)
    {
        var onNew = Condition(table, filter, "NEW.");
        var onOld = Condition(table, filter, "OLD.");
        var target = MySqlCopySource.QualifiedName(table);
        yield return Create(Name(tenant, "ins", table.Name), "INSERT", target, onNew);
        yield return Create(Name(tenant, "upd", table.Name), "UPDATE", target, $"({onNew}) OR ({onOld})");
        yield return Create(Name(tenant, "del", table.Name), "DELETE", target, onOld);
    }

    /// <summary>
    /// Whether the row (<c>NEW.</c> or <c>OLD.</c>) is the tenant's: its column, or for a foreign-key path one parent
    /// row per hop looked up by the referenced key (equality on an indexed key, so the trigger locks only the parent
    /// rows the foreign-key check locks anyway, never a range another tenant inserts into).
    /// </summary>
    internal static string Condition(SourceTable table, RowFilter filter, string row)
    {
        if (filter.Path.Count == 0)
        {
            return MySqlCopySource.Kept(table, filter, row);
        }

        var column = filter.PathColumn ?? throw new ArgumentException($"the row filter of {table.QualifiedName} has a path but no column type", nameof(filter));
        var schema = MySqlCopySource.Ident(filter.PathSchema ?? table.Schema);
        var values = string.Join(", ", filter.Values.Select(v => MySqlCopySource.Literal(column, Encoding.UTF8.GetBytes(v))));
        var condition = $"g{filter.Path.Count}.{MySqlCopySource.Ident(column.Name)} IN ({values})";
        for (var i = filter.Path.Count - 1; i >= 0; i--)
        {
            var hop = filter.Path[i];
            var alias = "g" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var from = i == 0 ? row : "g" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".";
            var joins = string.Join(" AND ", hop.Columns.Select((c, k) => $"{alias}.{MySqlCopySource.Ident(hop.ParentColumns[k])} = {from}{MySqlCopySource.Ident(c)}"));
            condition = $"EXISTS (SELECT 1 FROM {schema}.{MySqlCopySource.Ident(hop.ParentTable)} AS {alias} WHERE {joins} AND {condition})";
        }

        return condition;
    }

    private static (string Name, string Create) Create(string name, string op, string table, string condition) =>
        (name, $"CREATE TRIGGER {MySqlCopySource.Ident(name)} BEFORE {op} ON {table} FOR EACH ROW "
            + $"BEGIN IF {condition} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{Message}'; END IF; END");
}
