using System.Text;

namespace Godwit.Core.Types;

/// <summary>
/// A PostgreSQL column type as Godwit emits it: a canonical short name (<c>timestamptz</c>, <c>numeric</c>,
/// <c>double precision</c>…), optional modifiers (<c>20,0</c>), array-ness, and a schema for user-defined
/// types (enum types made by the <c>pg-enum</c> policy). Value equality: two columns have the same type
/// exactly when their <see cref="PgTypeName"/>s are equal (this is what FK unification compares).
/// </summary>
public sealed record PgTypeName
{
    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["smallint"] = "smallint",
        ["int2"] = "smallint",
        ["integer"] = "integer",
        ["int"] = "integer",
        ["int4"] = "integer",
        ["bigint"] = "bigint",
        ["int8"] = "bigint",
        ["numeric"] = "numeric",
        ["decimal"] = "numeric",
        ["real"] = "real",
        ["float4"] = "real",
        ["double precision"] = "double precision",
        ["float8"] = "double precision",
        ["double"] = "double precision",
        ["float"] = "double precision",
        ["boolean"] = "boolean",
        ["bool"] = "boolean",
        ["text"] = "text",
        ["varchar"] = "varchar",
        ["character varying"] = "varchar",
        ["char"] = "char",
        ["character"] = "char",
        ["bpchar"] = "char",
        ["citext"] = "citext",
        ["bytea"] = "bytea",
        ["date"] = "date",
        ["time"] = "time",
        ["time without time zone"] = "time",
        ["timestamp"] = "timestamp",
        ["timestamp without time zone"] = "timestamp",
        ["timestamptz"] = "timestamptz",
        ["timestamp with time zone"] = "timestamptz",
        ["interval"] = "interval",
        ["json"] = "json",
        ["jsonb"] = "jsonb",
        ["uuid"] = "uuid",
        ["inet"] = "inet",
        ["cidr"] = "cidr",
        ["bit"] = "bit",
        ["varbit"] = "varbit",
        ["bit varying"] = "varbit",
        ["geometry"] = "geometry",
        ["geography"] = "geography",
    };

    public PgTypeName(string name, string? modifiers = null, bool isArray = false, string? schema = null)
    {
        Name = name;
        Modifiers = string.IsNullOrEmpty(modifiers) ? null : modifiers;
        IsArray = isArray;
        Schema = schema;
    }

    public static PgTypeName SmallInt { get; } = new("smallint");

    public static PgTypeName Integer { get; } = new("integer");

    public static PgTypeName BigInt { get; } = new("bigint");

    public static PgTypeName Real { get; } = new("real");

    public static PgTypeName Double { get; } = new("double precision");

    public static PgTypeName Boolean { get; } = new("boolean");

    public static PgTypeName Text { get; } = new("text");

    public static PgTypeName Bytea { get; } = new("bytea");

    public static PgTypeName Date { get; } = new("date");

    public static PgTypeName Timestamp { get; } = new("timestamp");

    public static PgTypeName TimestampTz { get; } = new("timestamptz");

    public static PgTypeName Interval { get; } = new("interval");

    public static PgTypeName Jsonb { get; } = new("jsonb");

    public static PgTypeName Uuid { get; } = new("uuid");

    public static PgTypeName Inet { get; } = new("inet");

    /// <summary>Canonical name (lower case); for user-defined types, the type's own name.</summary>
    public string Name { get; }

    /// <summary>The text between the parentheses, normalised without spaces (<c>20,0</c>, <c>Point,4326</c>), or null.</summary>
    public string? Modifiers { get; }

    public bool IsArray { get; }

    /// <summary>The schema of a user-defined type (an enum type); null for built-in types.</summary>
    public string? Schema { get; }

    public bool IsUserDefined => Schema is not null;

    public bool IsInteger => !IsArray && Name is "smallint" or "integer" or "bigint";

    public bool IsTextLike => !IsArray && Name is "text" or "varchar" or "char" or "citext";

    public static PgTypeName Numeric(int precision, int scale) => new("numeric", $"{precision},{scale}");

    public static PgTypeName Varchar(long length) => new("varchar", length.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static PgTypeName Bit(int length) => new("bit", length.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static PgTypeName TextArray { get; } = new("text", isArray: true);

    /// <summary>A user-defined type in <paramref name="schema"/> (e.g. an enum).</summary>
    public static PgTypeName UserDefined(string schema, string name) => new(name, schema: schema);

    /// <summary>
    /// Parses a rule target such as <c>timestamptz</c>, <c>numeric(20,0)</c>, <c>varchar(32)</c>, <c>text[]</c>,
    /// <c>timestamp with time zone</c> or <c>geometry(Point,4326)</c>; false for anything that is not a
    /// PostgreSQL type Godwit can produce.
    /// </summary>
    public static bool TryParse(string? text, out PgTypeName type)
    {
        type = Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = string.Join(' ', text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var isArray = false;
        if (s.EndsWith("[]", StringComparison.Ordinal))
        {
            isArray = true;
            s = s[..^2].TrimEnd();
        }

        string? modifiers = null;
        var open = s.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = s.IndexOf(')', open);
            if (close < 0)
            {
                return false;
            }

            modifiers = s[(open + 1)..close].Replace(" ", string.Empty, StringComparison.Ordinal);
            var after = s[(close + 1)..].Trim();
            s = (s[..open].Trim() + (after.Length > 0 ? " " + after : string.Empty)).Trim();
            if (modifiers.Length == 0)
            {
                return false;
            }
        }

        if (!Canonical.TryGetValue(s, out var name))
        {
            return false;
        }

        if (modifiers is not null && !ModifiersValid(name, modifiers))
        {
            return false;
        }

        type = new PgTypeName(name, modifiers, isArray);
        return true;
    }

    public static PgTypeName Parse(string text) =>
        TryParse(text, out var t) ? t : throw new FormatException($"'{text}' is not a PostgreSQL type Godwit knows.");

    private static bool ModifiersValid(string name, string modifiers)
    {
        var parts = modifiers.Split(',');
        static bool Int(string p, int max) => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= max;
        return name switch
        {
            "numeric" => parts.Length is 1 or 2 && Int(parts[0], 1000) && parts[0] != "0" && (parts.Length == 1 || Int(parts[1], 1000)),
            "varchar" or "char" or "bit" or "varbit" => parts.Length == 1 && Int(parts[0], 10_485_760) && parts[0] != "0",
            "time" or "timestamp" or "timestamptz" or "interval" => parts.Length == 1 && Int(parts[0], 6),
            "geometry" or "geography" => parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')),
            _ => false,
        };
    }

    /// <summary>The type as it appears in DDL; user-defined types are schema-qualified and quoted.</summary>
    public string ToSql()
    {
        var sb = new StringBuilder();
        if (Schema is not null)
        {
            sb.Append(Ddl.PgIdentifier.Quote(Schema)).Append('.').Append(Ddl.PgIdentifier.Quote(Name));
        }
        else
        {
            sb.Append(Name);
            if (Modifiers is not null)
            {
                sb.Append('(').Append(Modifiers).Append(')');
            }
        }

        if (IsArray)
        {
            sb.Append("[]");
        }

        return sb.ToString();
    }

    public override string ToString() => ToSql();
}
