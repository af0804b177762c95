using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;

namespace Godwit.Postgres.Tenants;

/// <summary>
/// The freeze of one tenant on PostgreSQL: per moving table, a plpgsql function and a BEFORE INSERT OR UPDATE OR
/// DELETE row trigger that refuses a row of that tenant (the new image of an INSERT, the old of a DELETE, both of an
/// UPDATE; a foreign-key path table through one parent row per hop, looked up by its key) with SQLSTATE 25006
/// (read_only_sql_transaction, which the routing library retries), plus a BEFORE TRUNCATE statement trigger (a
/// TRUNCATE would take the tenant's rows with everyone's). Enabled ALWAYS, as the whole-database freeze
/// (<see cref="Source.PgWriteFreeze"/>), so that a session with <c>session_replication_role = replica</c> is refused
/// too. Function and triggers are named <c>godwit_tf_&lt;tenant hash&gt;_&lt;table&gt;</c> so that the unfreeze (or a rerun
/// after a crash) finds every one of the tenant's; dropping a function CASCADE drops its triggers.
/// </summary>
internal static class PgTenantFreeze
{
    /// <summary>The message every refused write carries.</summary>
    public const string Message = "godwit: tenant frozen for its move, retry on the primary the routing map names";

    /// <summary>SQLSTATE read_only_sql_transaction: what the routing library retries.</summary>
    public const string ReadOnlySqlTransaction = "25006";

    /// <summary>PostgreSQL's NAMEDATALEN - 1.</summary>
    private const int MaxIdentifier = 63;

    public static string Prefix(string tenant) =>
        "godwit_tf_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant)))[..8] + "_";

    /// <summary>The function's (and row trigger's) name for one table; the TRUNCATE trigger adds nothing but its own suffix to the hash form.</summary>
    public static string Name(string tenant, string table)
    {
        var name = Prefix(tenant) + table;
        return Encoding.UTF8.GetByteCount(name) <= MaxIdentifier - 2
            ? name
            : Prefix(tenant) + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(table)))[..16];
    }

    /// <summary>The statements that freeze the tenant in one table (to run in one transaction); <paramref name="literals"/> are the tenant values already quoted (quote_literal).</summary>
    public static IEnumerable<string> FreezeSql(string tenant, string schema, string table, RowFilter filter, IReadOnlyList<string> literals)
    {
        var name = Name(tenant, table);
        var function = PgIdentifier.Qualify(schema, name);
        var qualified = PgIdentifier.Qualify(schema, table);
        var truncate = PgIdentifier.Quote(name + "_t");
        yield return Source.PgDdlTrigger.UnrecordedLocal;
        yield return $"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $godwit$
            BEGIN
              IF TG_OP = 'TRUNCATE' THEN
                RAISE EXCEPTION USING ERRCODE = '{ReadOnlySqlTransaction}', MESSAGE = '{Message} (TRUNCATE)';
              END IF;
              IF TG_OP <> 'DELETE' THEN
                IF {Condition(schema, filter, literals, "NEW.")} THEN
                  RAISE EXCEPTION USING ERRCODE = '{ReadOnlySqlTransaction}', MESSAGE = '{Message}';
                END IF;
              END IF;
              IF TG_OP <> 'INSERT' THEN
                IF {Condition(schema, filter, literals, "OLD.")} THEN
                  RAISE EXCEPTION USING ERRCODE = '{ReadOnlySqlTransaction}', MESSAGE = '{Message}';
                END IF;
              END IF;
              RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END
            $godwit$
            """;
        yield return $"DROP TRIGGER IF EXISTS {PgIdentifier.Quote(name)} ON {qualified}";
        yield return $"DROP TRIGGER IF EXISTS {truncate} ON {qualified}";
        yield return $"CREATE TRIGGER {PgIdentifier.Quote(name)} BEFORE INSERT OR UPDATE OR DELETE ON {qualified} FOR EACH ROW EXECUTE FUNCTION {function}()";
        yield return $"CREATE TRIGGER {truncate} BEFORE TRUNCATE ON {qualified} FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
        yield return $"ALTER TABLE {qualified} ENABLE ALWAYS TRIGGER {PgIdentifier.Quote(name)}";
        yield return $"ALTER TABLE {qualified} ENABLE ALWAYS TRIGGER {truncate}";
    }

    /// <summary>
    /// Whether the row (<c>NEW.</c> or <c>OLD.</c>) is the tenant's: its column compared as text (as the plan's values
    /// are), or for a foreign-key path one parent row per hop, looked up by the referenced key (an index lookup).
    /// A NULL column or path is not the tenant's (the copy's predicate says the same).
    /// </summary>
    internal static string Condition(string schema, RowFilter filter, IReadOnlyList<string> literals, string row)
    {
        var values = string.Join(", ", literals);
        if (filter.Path.Count == 0)
        {
            return $"COALESCE({row}{PgIdentifier.Quote(filter.Column)}::text IN ({values}), false)";
        }

        var last = "g" + filter.Path.Count.ToString(CultureInfo.InvariantCulture);
        var condition = $"{last}.{PgIdentifier.Quote(filter.Column)}::text IN ({values})";
        for (var i = filter.Path.Count - 1; i >= 0; i--)
        {
            var hop = filter.Path[i];
            var alias = "g" + (i + 1).ToString(CultureInfo.InvariantCulture);
            var from = i == 0 ? row : "g" + i.ToString(CultureInfo.InvariantCulture) + ".";
            var joins = string.Join(" AND ", hop.Columns.Select((c, k) => $"{alias}.{PgIdentifier.Quote(hop.ParentColumns[k])} = {from}{PgIdentifier.Quote(c)}"));
            condition = $"EXISTS (SELECT 1 FROM {PgIdentifier.Qualify(schema, hop.ParentTable)} AS {alias} WHERE {joins} AND {condition})";
        }

        return condition;
    }
}
