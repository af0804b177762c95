using Godwit.Core.Types;

namespace Godwit.Postgres.Apply;

/// <summary>A column type as <c>format_type()</c> spells it in <see cref="PgTargetCatalog"/> (<c>character varying(40)</c>, <c>"shop".status</c>).</summary>
public static class PgFormattedType
{
    /// <summary>Whether the target's type is the one a plan gives (which may use the short names: <c>varchar(40)</c>).</summary>
    public static bool Same(string formatted, string planned)
    {
        ArgumentNullException.ThrowIfNull(formatted);
        ArgumentNullException.ThrowIfNull(planned);

        static string Norm(string t) => t.Replace("character varying", "varchar", StringComparison.Ordinal)
            .Replace("timestamp without time zone", "timestamp", StringComparison.Ordinal)
            .Replace("timestamp with time zone", "timestamptz", StringComparison.Ordinal)
            .Replace("time without time zone", "time", StringComparison.Ordinal)
            .Replace("double precision", "float8", StringComparison.Ordinal)
            .Replace("bit varying", "varbit", StringComparison.Ordinal)
            .Replace("character", "char", StringComparison.Ordinal)
            .Replace("integer", "int4", StringComparison.Ordinal)
            .Replace("bigint", "int8", StringComparison.Ordinal)
            .Replace("smallint", "int2", StringComparison.Ordinal)
            .Replace("real", "float4", StringComparison.Ordinal)
            .Replace("boolean", "bool", StringComparison.Ordinal)
            .Replace("\"", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal);
        var f = Norm(formatted);
        var p = Norm(planned);

        // format_type leaves out the schema of a type on the search path; a plan always names it.
        return string.Equals(f, p, StringComparison.OrdinalIgnoreCase)
            || f.EndsWith('.' + p, StringComparison.OrdinalIgnoreCase) || p.EndsWith('.' + f, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The type as a <see cref="PgTypeName"/>: a built-in type Godwit produces, or else a user-defined one (an enum type;
    /// <paramref name="defaultSchema"/> when format_type leaves the schema out).
    /// </summary>
    public static PgTypeName Parse(string formatted, string defaultSchema)
    {
        ArgumentNullException.ThrowIfNull(formatted);
        if (PgTypeName.TryParse(formatted, out var type))
        {
            return type;
        }

        var parts = SplitQualified(formatted);
        return parts.Count == 2 ? PgTypeName.UserDefined(parts[0], parts[1]) : PgTypeName.UserDefined(defaultSchema, parts[0]);
    }

    /// <summary>Splits <c>"a"."b"</c> or <c>a.b</c> at the dot outside quotes, and unquotes each part.</summary>
    private static List<string> SplitQualified(string text)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                if (quoted && i + 1 < text.Length && text[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == '.' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }
}
