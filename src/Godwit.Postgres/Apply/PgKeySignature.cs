using System.Text;
using Godwit.Core.Ddl;

namespace Godwit.Postgres.Apply;

/// <summary>
/// A key's or index's definition in one comparable form, from the target's catalog (<see cref="PgTargetDefinitions"/>)
/// and from a schema plan's statement alike: <c>PRIMARY KEY ("a","b")</c>, <c>UNIQUE ("a")</c>,
/// <c>UNIQUE INDEX USING btree ("a","b" DESC)</c>. Only keys and indexes on plain columns have one: PostgreSQL
/// deparses expressions, CHECKs and foreign keys differently from how the plan writes them, so those compare by name.
/// </summary>
public static class PgKeySignature
{
    public static string PrimaryKey(IEnumerable<string> columns) => $"PRIMARY KEY ({string.Join(',', columns.Select(PgIdentifier.Quote))})";

    public static string Unique(IEnumerable<string> columns) => $"UNIQUE ({string.Join(',', columns.Select(PgIdentifier.Quote))})";

    /// <summary>From <c>pg_get_indexdef()</c>: <c>CREATE [UNIQUE] INDEX name ON schema.table USING method (parts)</c>.</summary>
    public static string? OfIndexDefinition(string definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var unique = definition.StartsWith("CREATE UNIQUE INDEX ", StringComparison.Ordinal);
        var on = definition.IndexOf(" ON ", StringComparison.Ordinal);
        var usingAt = on < 0 ? -1 : definition.IndexOf(" USING ", on, StringComparison.Ordinal);
        return usingAt < 0 ? null : IndexSignature(unique, definition[(usingAt + 1)..]);
    }

    /// <summary>From the plan's statement that creates the key or index on <paramref name="qualifiedTable"/>.</summary>
    public static string? OfStatement(DdlStatement statement, string qualifiedTable)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var sql = statement.Sql;
        var constraint = $"ALTER TABLE {qualifiedTable} ADD CONSTRAINT {PgIdentifier.Quote(statement.Object)} ";
        if (sql.StartsWith(constraint, StringComparison.Ordinal))
        {
            var body = sql[constraint.Length..];
            return body.StartsWith("PRIMARY KEY ", StringComparison.Ordinal) && Columns(body["PRIMARY KEY ".Length..]) is { } key ? PrimaryKey(key)
                : body.StartsWith("UNIQUE ", StringComparison.Ordinal) && Columns(body["UNIQUE ".Length..]) is { } unique ? Unique(unique)
                : null;
        }

        foreach (var kind in (string[])["CREATE INDEX ", "CREATE UNIQUE INDEX "])
        {
            var prefix = $"{kind}{PgIdentifier.Quote(statement.Object)} ON {qualifiedTable} ";
            if (sql.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = sql[prefix.Length..];
                return IndexSignature(kind.Contains("UNIQUE", StringComparison.Ordinal), rest.StartsWith("USING ", StringComparison.Ordinal) ? rest : "USING btree " + rest);
            }
        }

        return null;
    }

    /// <summary>From <c>USING method (parts)</c>.</summary>
    private static string? IndexSignature(bool unique, string usingClause)
    {
        var space = usingClause.IndexOf(' ', "USING ".Length);
        if (space < 0 || Parts(usingClause[(space + 1)..]) is not { } parts)
        {
            return null;
        }

        return $"{(unique ? "UNIQUE " : string.Empty)}INDEX {usingClause[..space]} ({string.Join(',', parts)})";
    }

    private static List<string>? Columns(string list) =>
        Parts(list) is { } parts && parts.All(p => !p.EndsWith(" DESC", StringComparison.Ordinal)) ? [.. parts.Select(Unquote)] : null;

    /// <summary>
    /// <c>(a, "B c" DESC)</c> as quoted names each with DESC when descending; null unless the text is exactly such a
    /// list of plain columns (an expression, operator class, INCLUDE or WHERE has no signature).
    /// </summary>
    private static List<string>? Parts(string list)
    {
        var text = list.Trim();
        if (text.Length < 2 || text[0] != '(' || text[^1] != ')')
        {
            return null;
        }

        var parts = new List<string>();
        var i = 1;
        while (i < text.Length - 1)
        {
            while (text[i] == ' ')
            {
                i++;
            }

            var name = new StringBuilder();
            if (text[i] == '"')
            {
                i++;
                while (i < text.Length && !(text[i] == '"' && (i + 1 >= text.Length || text[i + 1] != '"')))
                {
                    name.Append(text[i]);
                    i += text[i] == '"' ? 2 : 1;
                }

                i++;
            }
            else
            {
                while (i < text.Length - 1 && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    name.Append(text[i++]);
                }
            }

            if (name.Length == 0 || i >= text.Length)
            {
                return null;
            }

            var descending = string.CompareOrdinal(text, i, " DESC", 0, 5) == 0;
            i += descending ? 5 : 0;
            if (text[i] != ',' && i != text.Length - 1)
            {
                return null;
            }

            parts.Add(PgIdentifier.Quote(name.ToString()) + (descending ? " DESC" : string.Empty));
            i++;
        }

        return parts.Count == 0 ? null : parts;
    }

    private static string Unquote(string quoted) => quoted[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
}
