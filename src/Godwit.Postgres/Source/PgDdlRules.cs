using System.Text.RegularExpressions;
using Godwit.Core.Sync;

namespace Godwit.Postgres.Source;

/// <summary>
/// Which recorded DDL of a PostgreSQL source the stream runs on the target as written (<c>--on-ddl apply</c>): in the
/// migrated schema only, ALTER TABLE adding, dropping, retyping or renaming columns (or renaming the table), CREATE
/// INDEX and CREATE TABLE (with the sequences a serial column makes). Anything else is "not understood", which stops
/// the stream before it whatever the mode, with what to do; a command that touches no migrated object is passed over.
/// The query text must hold the one command: <c>current_query()</c> is the client's whole string, and running a
/// string of several statements would run the others (DML the stream carries anyway) a second time.
/// </summary>
internal static partial class PgDdlRules
{
    private const string Applied = "from a PostgreSQL source only ALTER TABLE … ADD/DROP COLUMN, ALTER COLUMN … TYPE, RENAME, CREATE INDEX and CREATE TABLE are applied";

    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal) { "ALTER TABLE", "CREATE INDEX", "CREATE TABLE" };

    /// <summary>Tags that come with an applied command (a serial column's sequence, an index a constraint makes).</summary>
    private static readonly HashSet<string> Companions = new(StringComparer.Ordinal) { "CREATE SEQUENCE", "ALTER SEQUENCE", "CREATE INDEX" };

    public static SourceDdl Classify(PgRecordedDdl ddl, string schema) => Classify(ddl, [schema], everySchema: false);

    /// <summary>
    /// Classifies a recorded command for a migration of <paramref name="schemas"/>; one that moves every non-system
    /// schema (<paramref name="everySchema"/>) also runs a <c>CREATE SCHEMA</c> on the target, as the schema is the
    /// migration's from then on.
    /// </summary>
    public static SourceDdl Classify(PgRecordedDdl ddl, IReadOnlyCollection<string> schemas, bool everySchema)
    {
        ArgumentNullException.ThrowIfNull(ddl);
        ArgumentNullException.ThrowIfNull(schemas);
        var tables = ddl.Objects.Select(o => new SourceTableName(o.Schema, o.Name)).Distinct().ToList();
        if (everySchema && ddl.Tag == "CREATE SCHEMA" && ddl.Objects.Where(o => o.Tag == "CREATE SCHEMA").Select(o => o.Schema).Distinct().ToList() is [var made])
        {
            return NewSchema(ddl, made, tables);
        }

        var ours = tables.Where(t => t.Database is { } s && schemas.Contains(s, StringComparer.Ordinal)).ToList();
        if (ours.Count == 0)
        {
            return SourceDdl.None with { Tables = tables };
        }

        if (ours.Count != tables.Count)
        {
            return SourceDdl.NotUnderstood($"{ddl.Tag} also changes objects outside schema {string.Join(", ", schemas)} ({string.Join(", ", tables.Except(ours))})", tables);
        }

        if (!Commands.Contains(ddl.Tag) || ddl.Objects.Any(o => !Commands.Contains(o.Tag) && !Companions.Contains(o.Tag)))
        {
            return SourceDdl.NotUnderstood($"{Applied}, not {ddl.Tag}", tables);
        }

        var tokens = Tokens(ddl.Query);
        var end = tokens.FindIndex(t => t == ";");
        if (end >= 0 && tokens.Skip(end).Any(t => t != ";"))
        {
            return SourceDdl.NotUnderstood("the query that ran it holds several statements, which cannot be run again on their own", tables);
        }

        if (end >= 0)
        {
            tokens = tokens[..end];
        }

        if (ddl.Tag == "ALTER TABLE" && AlterTableRefusal(tokens) is { } refused)
        {
            return SourceDdl.NotUnderstood($"{Applied}, not ALTER TABLE … {refused}", tables);
        }

        // One action on the table the command names (its first recorded object): the statement runs once.
        var table = ddl.Objects.FirstOrDefault(o => Commands.Contains(o.Tag)) ?? ddl.Objects[0];
        return new SourceDdl(
            [new SourceDdlAction(SourceDdlKind.Native, new SourceTableName(table.Schema, table.Name)) { Sql = ddl.Query, SearchPath = ddl.SearchPath }],
            null)
        {
            Tables = tables,
        };
    }

    /// <summary>A schema made on the source while the migration moves every schema: run on the target as written (tables it makes in it too).</summary>
    private static SourceDdl NewSchema(PgRecordedDdl ddl, string schema, IReadOnlyList<SourceTableName> tables)
    {
        if (ddl.Objects.Any(o => o.Tag != "CREATE SCHEMA" && !Commands.Contains(o.Tag) && !Companions.Contains(o.Tag)))
        {
            return SourceDdl.NotUnderstood($"{Applied}, and CREATE SCHEMA, not CREATE SCHEMA with {string.Join(", ", ddl.Objects.Select(o => o.Tag).Distinct().Where(t => t != "CREATE SCHEMA"))}", tables);
        }

        var tokens = Tokens(ddl.Query);
        var end = tokens.FindIndex(t => t == ";");
        if (end >= 0 && tokens.Skip(end).Any(t => t != ";"))
        {
            return SourceDdl.NotUnderstood("the query that ran it holds several statements, which cannot be run again on their own", tables);
        }

        return new SourceDdl([new SourceDdlAction(SourceDdlKind.Native, new SourceTableName(schema, schema)) { Sql = ddl.Query, SearchPath = ddl.SearchPath }], null)
        {
            Tables = tables,
            NewSchema = schema,
        };
    }

    /// <summary>The first words of an ALTER TABLE subcommand that is not applied; null when every one is.</summary>
    private static string? AlterTableRefusal(List<string> tokens)
    {
        // ALTER TABLE [IF EXISTS] [ONLY] name [*] subcommand [, subcommand …]
        var i = 2;
        i = Skip(tokens, i, "IF", "EXISTS");
        i = Skip(tokens, i, "ONLY");
        i++;
        while (i + 1 < tokens.Count && tokens[i] == ".")
        {
            i += 2;
        }

        i = Skip(tokens, i, "*");
        var parts = new List<List<string>> { new() };
        var depth = 0;
        for (; i < tokens.Count; i++)
        {
            var t = tokens[i];
            depth += t == "(" ? 1 : t == ")" ? -1 : 0;
            if (t == "," && depth == 0)
            {
                parts.Add([]);
                continue;
            }

            parts[^1].Add(t);
        }

        foreach (var part in parts)
        {
            var words = part.Select(w => w.ToUpperInvariant()).ToList();
            if (!Applies(words))
            {
                return string.Join(' ', part.Take(3)).Trim();
            }
        }

        return null;
    }

    private static bool Applies(List<string> w)
    {
        string At(int n) => n < w.Count ? w[n] : string.Empty;
        switch (At(0))
        {
            case "ADD":
                return At(1) is not ("CONSTRAINT" or "PRIMARY" or "UNIQUE" or "FOREIGN" or "CHECK" or "EXCLUDE") && At(1).Length > 0;
            case "DROP":
                return At(1) is not ("CONSTRAINT" or "");
            case "ALTER":
                var n = At(1) == "COLUMN" ? 3 : 2;
                return At(n) == "TYPE" || (At(n) == "SET" && At(n + 1) == "DATA" && At(n + 2) == "TYPE");
            case "RENAME":
                return At(1) != "CONSTRAINT";
            default:
                return false;
        }
    }

    private static int Skip(List<string> tokens, int at, params string[] words)
    {
        for (var k = 0; k < words.Length; k++)
        {
            if (at + k >= tokens.Count || !string.Equals(tokens[at + k], words[k], StringComparison.OrdinalIgnoreCase))
            {
                return at;
            }
        }

        return at + words.Length;
    }

    /// <summary>The query's tokens, comments left out: quoted names, strings and dollar-quoted bodies stay whole, so a ';' inside them is no statement end.</summary>
    private static List<string> Tokens(string sql) =>
        [.. Token().Matches(sql).Select(m => m.Value).Where(t => !t.StartsWith("--", StringComparison.Ordinal) && !t.StartsWith("/*", StringComparison.Ordinal))];

    [GeneratedRegex(@"""(?:[^""]|"""")*""|[Ee]?'(?:[^']|'')*'|\$(\w*)\$[\s\S]*?\$\1\$|--[^\n]*|/\*[\s\S]*?\*/|[A-Za-z_][A-Za-z0-9_$]*|\d+(?:\.\d+)?|\S")]
    private static partial Regex Token();
}
