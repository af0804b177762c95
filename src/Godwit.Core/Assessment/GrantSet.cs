namespace Godwit.Core.Assessment;

/// <summary>A source's privileges, parsed from SHOW GRANTS.</summary>
public sealed record GrantSet(IReadOnlySet<string> Global, IReadOnlyDictionary<string, IReadOnlySet<string>> Databases)
{
    public bool Has(string privilege, string? database = null)
    {
        if (Global.Contains("ALL PRIVILEGES") || Global.Contains(privilege))
        {
            return true;
        }

        return database is not null
            && Databases.TryGetValue(database, out var db)
            && (db.Contains("ALL PRIVILEGES") || db.Contains(privilege));
    }

    /// <summary>
    /// Parses SHOW GRANTS lines: <c>GRANT SELECT, REPLICATION SLAVE ON *.* TO …</c>, <c>GRANT ALL PRIVILEGES ON `shop`.* TO …</c>.
    /// Table- and column-level grants are ignored (they never give what a migration needs on a whole database).
    /// MariaDB 10.5+'s BINLOG MONITOR counts as REPLICATION CLIENT.
    /// </summary>
    public static GrantSet Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var global = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var dbs = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (!line.StartsWith("GRANT ", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var on = line.IndexOf(" ON ", StringComparison.OrdinalIgnoreCase);
            var to = on < 0 ? -1 : line.IndexOf(" TO ", on, StringComparison.OrdinalIgnoreCase);
            if (on < 0 || to < 0)
            {
                continue;
            }

            var privs = SplitPrivileges(line[6..on]);
            var scope = line[(on + 4)..to].Trim();
            if (scope.StartsWith("PROCEDURE ", StringComparison.OrdinalIgnoreCase) || scope.StartsWith("FUNCTION ", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (scope == "*.*")
            {
                global.UnionWith(privs);
            }
            else if (scope.EndsWith(".*", StringComparison.Ordinal))
            {
                var db = scope[..^2].Trim('`').Replace("``", "`", StringComparison.Ordinal).Replace("\\_", "_", StringComparison.Ordinal);
                if (!dbs.TryGetValue(db, out var set))
                {
                    dbs[db] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                set.UnionWith(privs);
            }
        }

        if (global.Contains("BINLOG MONITOR"))
        {
            global.Add("REPLICATION CLIENT");
        }

        return new GrantSet(global, dbs.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value, StringComparer.Ordinal));
    }

    private static IEnumerable<string> SplitPrivileges(string text)
    {
        var depth = 0;
        var start = 0;
        var result = new List<string>();
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var p = text[start..i].Trim();
                if (p.Length > 0 && !p.Contains('(', StringComparison.Ordinal))
                {
                    result.Add(p.ToUpperInvariant() == "ALL" ? "ALL PRIVILEGES" : p.ToUpperInvariant());
                }

                start = i + 1;
            }
            else if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
        }

        return result;
    }
}
