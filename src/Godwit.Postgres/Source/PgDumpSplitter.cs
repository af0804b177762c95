using System.Text.RegularExpressions;
using Godwit.Core.Ddl;

namespace Godwit.Postgres.Source;

/// <summary>
/// Splits pg_dump's plain-format output into one statement per archive entry. Every entry starts with the same
/// comment header (pg_backup_archiver.c, _printTocEntry: <c>-- Name: …; Type: …; Schema: …; Owner: …</c>), which
/// names the entry's type, so each statement gets a kind and, when it belongs to a table, that table: a table the
/// spec leaves out then takes its indexes, constraints, triggers and grants with it, and the copy can build a table's
/// indexes as soon as its rows are in.
/// </summary>
internal static partial class PgDumpSplitter
{
    public static IReadOnlyList<DdlStatement> Split(string dump, DdlPhase phase, string schema) => Split(dump, phase, [schema], keysBySchema: false);

    /// <summary>
    /// The statements of a dump of <paramref name="schemas"/>; a statement that belongs to a table names it by its key
    /// within the migration (<c>schema.table</c> when <paramref name="keysBySchema"/>, else the bare name).
    /// </summary>
    public static IReadOnlyList<DdlStatement> Split(string dump, DdlPhase phase, IReadOnlyList<string> schemas, bool keysBySchema)
    {
        ArgumentNullException.ThrowIfNull(dump);
        var result = new List<DdlStatement>();
        var key = new Func<string, string, string?>((schema, table) =>
            !schemas.Contains(schema, StringComparer.Ordinal) ? null : keysBySchema ? $"{schema}.{table}" : table);
        var headers = Header().Matches(dump.Replace("\r\n", "\n", StringComparison.Ordinal));
        var text = dump.Replace("\r\n", "\n", StringComparison.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var end = i + 1 < headers.Count ? headers[i + 1].Index : text.Length;
            // The plan's script adds each statement's final ';' itself.
            var body = StripComments(text[(header.Index + header.Length)..end]).Trim().TrimEnd(';');
            if (body.Length == 0)
            {
                continue;
            }

            var name = header.Groups["name"].Value;
            var type = header.Groups["type"].Value;
            if (keysBySchema && schemas.Contains(header.Groups["schema"].Value, StringComparer.Ordinal))
            {
                // Several schemas may each have an object of this name: it goes by schema and name, as tables do.
                name = $"{header.Groups["schema"].Value}.{name}";
            }

            result.Add(Statement(phase, type, name, body, key));
        }

        return result;
    }

    private static DdlStatement Statement(DdlPhase phase, string type, string name, string sql, Func<string, string, string?> key)
    {
        var table = TableOf(sql, key);
        return type switch
        {
            "SCHEMA" => new DdlStatement(phase, DdlObjectKind.Schema, name, CreateSchema().Replace(sql, "CREATE SCHEMA IF NOT EXISTS ")),
            "TYPE" or "DOMAIN" => new DdlStatement(phase, DdlObjectKind.Type, name, sql),
            "FUNCTION" or "PROCEDURE" or "AGGREGATE" => new DdlStatement(phase, DdlObjectKind.Function, name, sql),
            "TABLE" => new DdlStatement(phase, DdlObjectKind.Table, name, sql) { Table = TableOf(sql, key) ?? name },
            "SEQUENCE" or "SEQUENCE OWNED BY" => new DdlStatement(phase, DdlObjectKind.Sequence, name, sql) { Table = table },
            // Optional, as for a MySQL source: a view over a table the spec leaves out fails alone, with a warning.
            "VIEW" or "MATERIALIZED VIEW" => new DdlStatement(phase, DdlObjectKind.View, name, sql) { Optional = true },
            "COMMENT" => new DdlStatement(phase, DdlObjectKind.Comment, name, sql) { Table = table },
            "ACL" => new DdlStatement(phase, DdlObjectKind.Grant, name, sql) { Table = table, Optional = true },
            "CONSTRAINT" => new DdlStatement(
                phase,
                sql.Contains(" PRIMARY KEY ", StringComparison.Ordinal) ? DdlObjectKind.PrimaryKey
                    : sql.Contains(" UNIQUE ", StringComparison.Ordinal) ? DdlObjectKind.Unique : DdlObjectKind.Check,
                name,
                sql) { Table = table },
            "FK CONSTRAINT" => new DdlStatement(phase, DdlObjectKind.ForeignKey, name, sql) { Table = table },
            "INDEX" => new DdlStatement(phase, DdlObjectKind.Index, name, sql) { Table = table },
            "TRIGGER" => new DdlStatement(phase, DdlObjectKind.Trigger, name, sql) { Table = table },
            _ => new DdlStatement(phase, DdlObjectKind.Other, $"{type.ToLowerInvariant()} {name}", sql) { Table = table },
        };
    }

    /// <summary>The table of the schema a statement acts on (ALTER TABLE, CREATE INDEX … ON, COMMENT ON COLUMN, GRANT … ON TABLE, OWNED BY), unquoted; null when none.</summary>
    internal static string? TableOf(string sql, string schema) => TableOf(sql, (s, t) => s == schema ? t : null);

    /// <summary>The key (<paramref name="key"/> of schema and table) of the first table of a moved schema the statement acts on; null when none.</summary>
    private static string? TableOf(string sql, Func<string, string, string?> key)
    {
        foreach (Match m in TableReference().Matches(sql))
        {
            if (key(Unquote(m.Groups["schema"].Value), Unquote(m.Groups["table"].Value)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Unquote(string identifier) =>
        identifier.Length >= 2 && identifier[0] == '"' ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier;

    /// <summary>
    /// Drops whole-line SQL comments (pg_dump writes none inside statements) and psql's <c>\restrict</c> and
    /// <c>\unrestrict</c> meta-commands, which pg_dump writes around its output since 17.6/16.10/15.14 (CVE-2025-8714).
    /// </summary>
    private static string StripComments(string body) =>
        string.Join('\n', body.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal)
            && !l.StartsWith("\\restrict ", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict ", StringComparison.Ordinal)));

    [GeneratedRegex(@"^--\n-- (?:Data for )?Name: (?<name>.*?); Type: (?<type>[A-Z ]+); Schema: (?<schema>.*?); Owner: [^\n]*\n--\n", RegexOptions.Multiline)]
    private static partial Regex Header();

    [GeneratedRegex(@"^CREATE SCHEMA ", RegexOptions.Multiline)]
    private static partial Regex CreateSchema();

    private const string Identifier = @"(?:""(?:[^""]|"""")+""|[A-Za-z_][A-Za-z0-9_$]*)";

    [GeneratedRegex(@"(?:ALTER TABLE (?:ONLY )?|ALTER TABLE IF EXISTS (?:ONLY )?| ON (?:ONLY )?| ON TABLE |COMMENT ON (?:TABLE|COLUMN) |OWNED BY |CREATE TABLE |ATTACH PARTITION )(?<schema>" + Identifier + @")\.(?<table>" + Identifier + ")")]
    private static partial Regex TableReference();
}
