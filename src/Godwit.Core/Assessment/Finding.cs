namespace Godwit.Core.Assessment;

public enum Severity
{
    /// <summary>The migration cannot proceed until this is fixed (assess exits 2).</summary>
    Blocker,

    Warning,

    Info,
}

/// <summary>One result of <c>godwit assess</c>: what, where, and how to fix it.</summary>
public sealed record Finding(Severity Severity, string Code, string What, string Where, string? Fix = null);

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

/// <summary>What assess learned from the source server, separate from the checks so they can be unit-tested with any values.</summary>
public sealed record SourceFacts
{
    public bool IsMariaDb { get; init; }

    public string Version { get; init; } = string.Empty;

    public int Major { get; init; }

    public int Minor { get; init; }

    /// <summary>Server variables by lower-case name (log_bin, binlog_format, binlog_row_image, server_id, gtid_mode, …).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public GrantSet Grants { get; init; } = new(new HashSet<string>(), new Dictionary<string, IReadOnlySet<string>>());

    /// <summary>Zero-date row counts by (table, column); only columns that have some.</summary>
    public IReadOnlyDictionary<(string Table, string Column), long> ZeroDates { get; init; } = new Dictionary<(string, string), long>();

    /// <summary>Rows holding an ENUM's empty error value (index 0) by (table, column); only columns that have some.</summary>
    public IReadOnlyDictionary<(string Table, string Column), long> InvalidEnums { get; init; } = new Dictionary<(string, string), long>();

    public string? Variable(string name) => Variables.TryGetValue(name, out var v) ? v : null;
}

/// <summary>What assess learned from the target server.</summary>
public sealed record TargetFacts
{
    public int ServerVersionNum { get; init; }

    public string Version { get; init; } = string.Empty;

    public string Encoding { get; init; } = "UTF8";

    public bool CanCreateInDatabase { get; init; }

    public bool SchemaExists { get; init; }

    public bool CanCreateInSchema { get; init; }

    public bool HasPostGis { get; init; }

    /// <summary>Relations already in the target schema.</summary>
    public IReadOnlyList<string> ExistingRelations { get; init; } = [];
}
