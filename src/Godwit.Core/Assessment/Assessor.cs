using System.Globalization;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Types;

namespace Godwit.Core.Assessment;

/// <summary>
/// The checks behind <c>godwit assess</c>, as pure functions of facts gathered elsewhere (so every rule can be
/// unit-tested with values a shared test server cannot be put into).
/// </summary>
public static class Assessor
{
    /// <summary>Assumed copy throughput for the time estimate (bytes per second).</summary>
    public const double AssumedCopyBytesPerSecond = 50 * 1024 * 1024;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>PostgreSQL's reserved key words (and those reserved as function or type names).</summary>
    public static readonly IReadOnlySet<string> PgReservedWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check", "collate",
        "column", "constraint", "create", "current_catalog", "current_date", "current_role", "current_time", "current_timestamp",
        "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
        "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit",
        "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing", "primary", "references",
        "returning", "select", "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true", "union", "unique",
        "user", "using", "variadic", "when", "where", "window", "with", "authorization", "binary", "collation", "concurrently",
        "cross", "current_schema", "freeze", "full", "ilike", "inner", "is", "isnull", "join", "left", "like", "natural",
        "notnull", "outer", "overlaps", "right", "similar", "tablesample", "verbose",
    };

    public static List<Finding> CheckSource(SourceFacts facts, SourceDatabase db, SchemaCasts casts, PgSchemaPlan plan)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(casts);
        ArgumentNullException.ThrowIfNull(plan);
        var findings = new List<Finding>();
        findings.AddRange(CheckPrivileges(facts, db.Name));
        findings.AddRange(CheckBinlog(facts, db));
        findings.AddRange(CheckTables(db));
        findings.AddRange(CheckCasts(casts, db));
        findings.AddRange(CheckZeroDates(facts, casts));
        findings.AddRange(CheckInvalidEnums(facts, casts));
        findings.AddRange(CheckNames(db, plan));
        findings.AddRange(CheckForeignKeyCycles(db));
        findings.AddRange(plan.Notes.Where(n => !n.Where.Equals("types", StringComparison.Ordinal) || n.Severity == NoteSeverity.Warning)
            .Select(n => new Finding(n.Severity == NoteSeverity.Warning ? Severity.Warning : Severity.Info, "schema", n.What, n.Where, n.Fix)));
        findings.AddRange(casts.Notes.Select(n => new Finding(Severity.Info, "fk-type-unified", n, "types")));
        findings.Add(Estimate(db));
        return findings;
    }

    public static IEnumerable<Finding> CheckPrivileges(SourceFacts facts, string database)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var g = facts.Grants;
        if (!g.Has("SELECT", database))
        {
            yield return new Finding(Severity.Blocker, "privilege-select", "the source user lacks SELECT on the database", $"source {database}",
                $"GRANT SELECT ON `{database}`.* TO the migration user");
        }

        if (!g.Has("REPLICATION SLAVE") && !g.Has("REPLICATION REPLICA"))
        {
            yield return new Finding(Severity.Blocker, "privilege-replication-slave", "the source user lacks REPLICATION SLAVE (needed to read the binlog)", "source",
                "GRANT REPLICATION SLAVE ON *.* TO the migration user");
        }

        if (!g.Has("REPLICATION CLIENT"))
        {
            yield return new Finding(Severity.Blocker, "privilege-replication-client",
                $"the source user lacks {(facts.IsMariaDb ? "BINLOG MONITOR / REPLICATION CLIENT" : "REPLICATION CLIENT")} (needed for SHOW MASTER STATUS / binlog positions)", "source",
                $"GRANT {(facts.IsMariaDb && facts.Major * 100 + facts.Minor >= 1005 ? "BINLOG MONITOR" : "REPLICATION CLIENT")} ON *.* TO the migration user");
        }

        if (!g.Has("RELOAD"))
        {
            yield return facts.IsMariaDb
                ? new Finding(Severity.Info, "privilege-reload", "the source user lacks RELOAD; not needed on MariaDB (consistent snapshots report their binlog position without a global read lock)", "source")
                : new Finding(Severity.Warning, "privilege-reload", "the source user lacks RELOAD: a consistent snapshot needs a brief global read lock (FLUSH TABLES WITH READ LOCK)", "source",
                    "GRANT RELOAD ON *.* TO the migration user");
        }
    }

    public static IEnumerable<Finding> CheckBinlog(SourceFacts facts, SourceDatabase db)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(db);
        var logBin = facts.Variable("log_bin");
        if (!IsOn(logBin))
        {
            yield return new Finding(Severity.Blocker, "binlog-off", $"binary logging is off (log_bin={logBin ?? "?"}); change data capture reads the binlog", "source",
                "start the server with log_bin (and binlog_format=ROW, binlog_row_image=FULL, server_id) and restart it");
        }

        var format = facts.Variable("binlog_format");
        if (!string.Equals(format, "ROW", StringComparison.OrdinalIgnoreCase))
        {
            yield return new Finding(Severity.Blocker, "binlog-format", $"binlog_format is {format ?? "?"}, CDC needs ROW", "source",
                "SET GLOBAL binlog_format = 'ROW' and set it in the server config; sessions already open keep the old format until they reconnect");
        }

        var image = facts.Variable("binlog_row_image");
        if (image is not null && !string.Equals(image, "FULL", StringComparison.OrdinalIgnoreCase))
        {
            yield return new Finding(Severity.Blocker, "binlog-row-image", $"binlog_row_image is {image}, CDC needs FULL (complete before and after images)", "source",
                "SET GLOBAL binlog_row_image = 'FULL' and set it in the server config");
        }

        if (facts.Variable("binlog_row_value_options") is { } valueOptions && valueOptions.Contains("PARTIAL_JSON", StringComparison.OrdinalIgnoreCase))
        {
            yield return new Finding(Severity.Blocker, "binlog-partial-json", "binlog_row_value_options=PARTIAL_JSON: JSON updates are logged as diffs, not full values", "source",
                "SET GLOBAL binlog_row_value_options = '' and set it in the server config");
        }

        var serverId = facts.Variable("server_id");
        if (serverId is null or "0")
        {
            yield return new Finding(Severity.Blocker, "server-id", "server_id is 0: the server refuses replication clients", "source",
                "set server_id to a unique non-zero value in the server config");
        }

        if (facts.IsMariaDb)
        {
            var strict = facts.Variable("gtid_strict_mode");
            yield return new Finding(Severity.Info, "gtid", $"MariaDB GTIDs: gtid_domain_id={facts.Variable("gtid_domain_id") ?? "?"}, gtid_strict_mode={strict ?? "?"}; Godwit tracks GTID and file/position", "source",
                IsOn(strict) ? null : "consider gtid_strict_mode=ON so a failover of the source keeps GTID order");
        }
        else
        {
            var gtid = facts.Variable("gtid_mode");
            yield return IsOn(gtid)
                ? new Finding(Severity.Info, "gtid", "gtid_mode=ON: CDC positions survive a source failover", "source")
                : new Finding(Severity.Warning, "gtid", $"gtid_mode={gtid ?? "OFF"}: CDC uses file/position, which does not survive a failover of the source", "source",
                    "enable GTIDs (gtid_mode=ON, enforce_gtid_consistency=ON) if the source may fail over during the migration");
        }

        var retention = RetentionSeconds(facts);
        var copy = EstimatedCopySeconds(db);
        if (retention is null)
        {
            yield return new Finding(Severity.Info, "binlog-retention", "binlogs are never purged automatically (expire_logs_days=0): watch the disk", "source");
        }
        else if (retention.Value < copy)
        {
            yield return new Finding(Severity.Blocker, "binlog-retention",
                $"binlogs are kept {Duration(retention.Value)} but the copy is estimated at {Duration(copy)}: the binlog would be purged before CDC starts reading it", "source",
                $"raise binlog_expire_logs_seconds to at least {(long)Math.Ceiling((copy * 2) + 86_400)}");
        }
        else if (retention.Value < (copy * 2) + 86_400)
        {
            yield return new Finding(Severity.Warning, "binlog-retention",
                $"binlogs are kept {Duration(retention.Value)}, little margin over the estimated copy time {Duration(copy)}", "source",
                $"raise binlog_expire_logs_seconds to at least {(long)Math.Ceiling((copy * 2) + 86_400)}");
        }
        else
        {
            yield return new Finding(Severity.Info, "binlog-retention", $"binlogs are kept {Duration(retention.Value)} (estimated copy {Duration(copy)})", "source");
        }
    }

    /// <summary>binlog_expire_logs_seconds if set, else expire_logs_days; null when binlogs are never purged.</summary>
    public static double? RetentionSeconds(SourceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (double.TryParse(facts.Variable("binlog_expire_logs_seconds"), NumberStyles.Float, Inv, out var s) && s > 0)
        {
            return s;
        }

        if (double.TryParse(facts.Variable("expire_logs_days"), NumberStyles.Float, Inv, out var d) && d > 0)
        {
            return d * 86_400;
        }

        return null;
    }

    public static double EstimatedCopySeconds(SourceDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Tables.Sum(t => (double)t.DataBytes + t.IndexBytes) / AssumedCopyBytesPerSecond;
    }

    public static IEnumerable<Finding> CheckTables(SourceDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var t in db.Tables)
        {
            if (t.PrimaryKey is null)
            {
                var key = t.Indexes.FirstOrDefault(i => i.Kind == IndexKind.Unique && i.Parts.All(p => p.Column is not null && p.PrefixLength is null && t.FindColumn(p.Column) is { IsNullable: false }));
                yield return key is null
                    ? new Finding(Severity.Blocker, "no-primary-key", "table has no primary key and no NOT NULL unique key: change data capture cannot identify its rows", $"table {t.QualifiedName}",
                        "add a primary key (e.g. ALTER TABLE … ADD COLUMN id BIGINT AUTO_INCREMENT PRIMARY KEY) or exclude the table")
                    : new Finding(Severity.Info, "no-primary-key", $"table has no primary key; CDC identifies rows by the NOT NULL unique key {key.Name}", $"table {t.QualifiedName}");
            }

            if (t.Engine is { } engine && !engine.Equals("InnoDB", StringComparison.OrdinalIgnoreCase) && !engine.Equals("Aria", StringComparison.OrdinalIgnoreCase))
            {
                yield return new Finding(Severity.Warning, "engine", $"table uses {engine}: no consistent snapshot (non-transactional)", $"table {t.QualifiedName}",
                    "convert it to InnoDB, or accept a copy that is not point-in-time for this table");
            }

            foreach (var c in t.Columns.Where(c => c.Charset is { } cs && !IsUtf8(cs)))
            {
                yield return new Finding(Severity.Info, "charset", $"column uses character set {c.Charset}; values are read as utf8mb4 and stored as UTF-8", $"column {t.QualifiedName}.{c.Name}");
            }
        }
    }

    public static IEnumerable<Finding> CheckCasts(SchemaCasts casts, SourceDatabase? db = null)
    {
        ArgumentNullException.ThrowIfNull(casts);
        foreach (var c in casts.All.OrderBy(c => c.QualifiedColumn, StringComparer.Ordinal))
        {
            if (c.Column.Type.Family == MySqlTypeFamily.Unknown)
            {
                yield return new Finding(Severity.Warning, "unsupported-type", $"type {c.Column.Type.ColumnType} is not known; copied as text", $"column {c.QualifiedColumn}",
                    "add a rule (rules: - column: … to: …) to choose the target type");
            }
            else if (c.LossyReason is not null)
            {
                var severity = c.Conversion.Kind is ValueConversionKind.IntegerToBoolean or ValueConversionKind.Wkb ? Severity.Info : Severity.Warning;
                var what = $"{c.Column.Type.ColumnType} → {c.TargetType}: {c.LossyReason}";
                if (severity == Severity.Warning && AutoIncrementHeadroom(db, c) is { } next)
                {
                    // The values come from an AUTO_INCREMENT whose next value still fits: the range is there, not used.
                    severity = Severity.Info;
                    what += $"; the AUTO_INCREMENT behind it is at {next.ToString(CultureInfo.InvariantCulture)}, far from that";
                }

                yield return new Finding(severity, "lossy-conversion", what, $"column {c.QualifiedColumn}",
                    "add a rule for this column if its values need the full range");
            }
        }
    }

    /// <summary>
    /// For a BIGINT UNSIGNED column narrowed to bigint: the next AUTO_INCREMENT value of the counter its values come
    /// from (its own table's, or through a foreign key its parent's), when that value still fits in bigint.
    /// </summary>
    private static ulong? AutoIncrementHeadroom(SourceDatabase? db, ColumnCast cast)
    {
        if (db is null || cast.Conversion.Kind != ValueConversionKind.Int64 || !cast.Column.Type.Unsigned)
        {
            return null;
        }

        var table = db.FindTable(cast.SourceTable);
        if (table is null)
        {
            return null;
        }

        if (!cast.Column.IsAutoIncrement)
        {
            var fk = table.ForeignKeys.FirstOrDefault(f => f.Columns.Count == 1 && f.Columns[0].Equals(cast.Column.Name, StringComparison.OrdinalIgnoreCase));
            var parent = fk is null ? null : db.FindTable(fk.ReferencedTable);
            var parentColumn = fk is null ? null : parent?.FindColumn(fk.ReferencedColumns[0]);
            if (parent is null || parentColumn is not { IsAutoIncrement: true })
            {
                return null;
            }

            table = parent;
        }

        return table.AutoIncrement is { } next && next <= long.MaxValue ? next : null;
    }

    public static IEnumerable<Finding> CheckZeroDates(SourceFacts facts, SchemaCasts casts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(casts);
        foreach (var ((table, column), count) in facts.ZeroDates.OrderBy(k => k.Key.Table, StringComparer.Ordinal).ThenBy(k => k.Key.Column, StringComparer.Ordinal))
        {
            var cast = casts[table, column];
            var where = $"column {cast.QualifiedColumn}";
            var what = $"{count.ToString(Inv)} row(s) hold zero dates ('0000-00-00' or a zero month/day)";
            if (!cast.Conversion.HandlesZeroDates)
            {
                yield return new Finding(Severity.Info, "zero-dates", $"{what}; kept as text", where);
            }
            else if (cast.Conversion.ZeroDates == ZeroDatePolicy.Error)
            {
                yield return new Finding(Severity.Blocker, "zero-dates", $"{what} and the rule says zero_dates: error", where, "choose zero_dates: null or -infinity for this column, or fix the data");
            }
            else if (cast.Conversion.ZeroDates == ZeroDatePolicy.Null && !cast.Column.IsNullable)
            {
                yield return new Finding(Severity.Blocker, "zero-dates", $"{what}; they would become NULL but the column is NOT NULL", where,
                    $"add a rule: - column: {cast.QualifiedColumn} zero_dates: -infinity");
            }
            else
            {
                yield return new Finding(Severity.Warning, "zero-dates",
                    $"{what}; they become {(cast.Conversion.ZeroDates == ZeroDatePolicy.Null ? "NULL" : "-infinity")}", where,
                    "check the application handles that, or set zero_dates for the column");
            }
        }
    }

    public static IEnumerable<Finding> CheckInvalidEnums(SourceFacts facts, SchemaCasts casts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(casts);
        foreach (var ((table, column), count) in facts.InvalidEnums.OrderBy(k => k.Key.Table, StringComparer.Ordinal).ThenBy(k => k.Key.Column, StringComparer.Ordinal))
        {
            var cast = casts[table, column];
            var what = $"{count.ToString(Inv)} row(s) hold the invalid ENUM value '' (stored by a non-strict sql_mode)";
            var enforced = cast.EnumPolicy == EnumPolicy.PgEnum || (cast.EnumPolicy == EnumPolicy.TextCheck && cast.TargetType.IsTextLike);
            yield return enforced
                ? new Finding(Severity.Blocker, "invalid-enum", $"{what}: the target's CHECK or enum type rejects it", $"column {cast.QualifiedColumn}",
                    $"fix the rows (UPDATE … SET {column} = NULL WHERE {column} = 0), or add a rule: - column: {cast.QualifiedColumn} enum: text")
                : new Finding(Severity.Info, "invalid-enum", $"{what}; copied as an empty string", $"column {cast.QualifiedColumn}");
        }
    }

    public static IEnumerable<Finding> CheckNames(SourceDatabase db, PgSchemaPlan plan)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var t in plan.Tables)
        {
            if (PgReservedWords.Contains(t.Name))
            {
                yield return new Finding(Severity.Info, "reserved-word", $"table name {t.Name} is a PostgreSQL reserved word; Godwit quotes it, queries must too", $"table {t.Source.QualifiedName}");
            }

            if (!string.Equals(t.Source.Name, t.Name, StringComparison.OrdinalIgnoreCase))
            {
                // Names that differ only by case (Mixed, mixed) fold to one name: the second gets a suffix, which
                // every query of the application would have to know. Refused; a long name cut to 63 bytes is a warning.
                var twins = plan.Tables.Where(o => o != t && string.Equals(o.Source.Name, t.Source.Name, StringComparison.OrdinalIgnoreCase)).Select(o => o.Source.Name).ToList();
                yield return twins.Count > 0
                    ? new Finding(Severity.Blocker, "name-collision", $"table differs from {string.Join(", ", twins)} only by case, and would be named {t.Name} on the target", $"table {t.Source.QualifiedName}",
                        "use identifier_case: keep (--identifier-case keep), rename one of the tables on the source, or leave one out (tables: exclude)")
                    : new Finding(Severity.Warning, "name-collision", $"table is named {t.Name} on the target", $"table {t.Source.QualifiedName}",
                        "rename the table, or use identifier_case: keep");
            }

            foreach (var c in t.Columns)
            {
                if (PgReservedWords.Contains(c.Name))
                {
                    yield return new Finding(Severity.Info, "reserved-word", $"column name {c.Name} is a PostgreSQL reserved word; Godwit quotes it, queries must too", $"column {t.Source.QualifiedName}.{c.Source.Name}");
                }

                if (!string.Equals(c.Source.Name, c.Name, StringComparison.OrdinalIgnoreCase))
                {
                    // Column names are case-insensitive in MySQL: only a name cut to 63 bytes differs.
                    yield return new Finding(Severity.Warning, "name-collision", $"column is named {c.Name} on the target", $"column {t.Source.QualifiedName}.{c.Source.Name}",
                        "rename the column, or use identifier_case: keep");
                }
            }
        }
    }

    public static IEnumerable<Finding> CheckForeignKeyCycles(SourceDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var graph = db.Tables.ToDictionary(
            t => t.Name,
            t => t.ForeignKeys.Where(f => string.Equals(f.ReferencedSchema, db.Name, StringComparison.OrdinalIgnoreCase))
                .Select(f => f.ReferencedTable).Where(p => p != t.Name).Distinct().ToList(),
            StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            var path = FindCycle(graph, start);
            if (path is null)
            {
                continue;
            }

            var key = string.Join(",", path.Order(StringComparer.Ordinal));
            if (reported.Add(key))
            {
                yield return new Finding(Severity.Info, "fk-cycle", $"foreign keys form a cycle: {string.Join(" → ", path)} → {path[0]}; Godwit creates FKs after the copy, so load order does not matter",
                    $"tables {string.Join(", ", path.Select(p => $"{db.Name}.{p}"))}");
            }
        }
    }

    private static List<string>? FindCycle(Dictionary<string, List<string>> graph, string start)
    {
        var stack = new List<string>();
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        List<string>? found = null;
        bool Dfs(string n)
        {
            stack.Add(n);
            onPath.Add(n);
            visited.Add(n);
            foreach (var m in graph.GetValueOrDefault(n) ?? [])
            {
                if (m == start)
                {
                    found = [.. stack];
                    return true;
                }

                if (!visited.Contains(m) && graph.ContainsKey(m) && Dfs(m))
                {
                    return true;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            onPath.Remove(n);
            return false;
        }

        Dfs(start);
        return found;
    }

    public static Finding Estimate(SourceDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = db.Tables.Sum(t => t.RowEstimate);
        var bytes = db.Tables.Sum(t => (double)t.DataBytes + t.IndexBytes);
        return new Finding(Severity.Info, "estimate",
            $"{db.Tables.Count} tables, ~{rows.ToString("N0", Inv)} rows, {Size(bytes)}; estimated copy time {Duration(EstimatedCopySeconds(db))} at an assumed {Size(AssumedCopyBytesPerSecond)}/s",
            $"source {db.Name}");
    }

    public static List<Finding> CheckTarget(TargetFacts facts, PgSchemaPlan plan)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(plan);
        var findings = new List<Finding>();
        var where = $"target schema {plan.TargetSchema}";
        if (facts.ServerVersionNum < 130000)
        {
            findings.Add(new Finding(Severity.Blocker, "target-version", $"PostgreSQL {facts.Version} is too old; Godwit needs 13 or later", "target", "upgrade the target to PostgreSQL 13+"));
        }
        else
        {
            findings.Add(new Finding(Severity.Info, "target-version", $"PostgreSQL {facts.Version}", "target"));
        }

        if (!string.Equals(facts.Encoding, "UTF8", StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new Finding(Severity.Blocker, "target-encoding", $"the target database's encoding is {facts.Encoding}, not UTF8", "target",
                "create the database with ENCODING 'UTF8' TEMPLATE template0"));
        }

        if (!facts.SchemaExists && !facts.CanCreateInDatabase)
        {
            findings.Add(new Finding(Severity.Blocker, "target-privilege", "the target user cannot create schemas in the database", "target",
                "GRANT CREATE ON DATABASE … TO the migration user"));
        }
        else if (facts.SchemaExists && !facts.CanCreateInSchema)
        {
            findings.Add(new Finding(Severity.Blocker, "target-privilege", "the target user cannot create objects in the schema", where,
                $"GRANT CREATE ON SCHEMA \"{plan.TargetSchema}\" TO the migration user"));
        }

        var wanted = plan.Tables.Select(t => t.TargetKey).ToHashSet(StringComparer.Ordinal);
        var clashes = facts.ExistingRelations.Where(wanted.Contains).Order(StringComparer.Ordinal).ToList();
        if (clashes.Count > 0)
        {
            findings.Add(new Finding(Severity.Warning, "target-exists", $"{clashes.Count} table(s) already exist on the target: {string.Join(", ", clashes.Take(10))}{(clashes.Count > 10 ? ", …" : string.Empty)}", where,
                "godwit schema --if-exists drop (destroys them) or keep; or choose another target_schema"));
        }
        else if (facts.ExistingRelations.Count > 0)
        {
            findings.Add(new Finding(Severity.Info, "target-exists", $"the target schema already holds {facts.ExistingRelations.Count} other relation(s)", where));
        }

        if (!facts.HasPostGis && plan.Tables.SelectMany(t => t.Columns).Any(c => c.Cast.TargetType.Name is "geometry" or "geography"))
        {
            findings.Add(new Finding(Severity.Blocker, "postgis", "rules map columns to geometry/geography but PostGIS is not installed in the target database", "target",
                "CREATE EXTENSION postgis"));
        }

        return findings;
    }

    public static bool HasBlockers(IEnumerable<Finding> findings) => findings.Any(f => f.Severity == Severity.Blocker);

    private static bool IsOn(string? v) => v is not null && (v.Equals("ON", StringComparison.OrdinalIgnoreCase) || v == "1");

    private static bool IsUtf8(string charset) => charset.ToLowerInvariant() is "utf8mb4" or "utf8" or "utf8mb3" or "ascii" or "binary";

    private static string Duration(double seconds) =>
        seconds < 60 ? $"{Math.Max(1, Math.Round(seconds)).ToString(Inv)} s"
        : seconds < 3600 ? $"{Math.Round(seconds / 60).ToString(Inv)} min"
        : seconds < 172_800 ? $"{Math.Round(seconds / 3600, 1).ToString(Inv)} h"
        : $"{Math.Round(seconds / 86_400, 1).ToString(Inv)} days";

    private static string Size(double bytes) =>
        bytes < 1024 * 1024 ? $"{Math.Round(bytes / 1024, 1).ToString(Inv)} KiB"
        : bytes < 1024.0 * 1024 * 1024 ? $"{Math.Round(bytes / (1024 * 1024), 1).ToString(Inv)} MiB"
        : $"{Math.Round(bytes / (1024.0 * 1024 * 1024), 1).ToString(Inv)} GiB";
}
