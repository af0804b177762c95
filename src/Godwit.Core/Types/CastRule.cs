using System.Globalization;
using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>A <see cref="TypeRuleSpec"/> parsed and validated: what it selects and what it says.</summary>
public sealed record CastRule
{
    public required TypeRuleSpec Spec { get; init; }

    /// <summary>Where the rule was written: <c>godwit.yaml:12</c>, or <c>command line</c>.</summary>
    public required string Origin { get; init; }

    /// <summary>Position in the rule list; later rules win ties.</summary>
    public int Index { get; init; }

    public MySqlTypePattern? Type { get; init; }

    /// <summary>(db, table, column) of a column rule.</summary>
    public (string Db, string Table, string Column)? Column { get; init; }

    /// <summary>(db, table) of a table rule.</summary>
    public (string Db, string Table)? Table { get; init; }

    public PgTypeName? To { get; init; }

    public ZeroDatePolicy? ZeroDates { get; init; }

    public EnumPolicy? Enum { get; init; }

    /// <summary>Higher is more specific: column, then table+type, table, type (with arguments before without), then global.</summary>
    public int Specificity =>
        Column is not null ? 400
        : Table is not null && Type is not null ? 300 + Type.Specificity
        : Table is not null ? 200
        : Type is not null ? 100 + Type.Specificity
        : 0;

    public string Describe()
    {
        var what = Spec.Column ?? (Spec.Table is not null ? Spec.Table + (Spec.Type is not null ? " " + Spec.Type : string.Empty) : Spec.Type ?? "all columns");
        var does = Spec.To ?? (Spec.ZeroDates is not null ? "zero dates " + Spec.ZeroDates : "enum " + Spec.Enum);
        return $"{what} -> {does}";
    }

    public bool Matches(string db, string table, SourceColumn column)
    {
        if (Column is { } c)
        {
            return Eq(c.Db, db) && Eq(c.Table, table) && Eq(c.Column, column.Name);
        }

        if (Table is { } t && !(Eq(t.Db, db) && Eq(t.Table, table)))
        {
            return false;
        }

        return Type is null || Type.Matches(column.Type);
    }

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A source-type selector as written in a rule: <c>datetime</c>, <c>tinyint(1)</c>, <c>bigint unsigned</c>,
/// <c>decimal(10,2)</c>, <c>bool</c> (= tinyint(1)), <c>json</c> (also MariaDB's LONGTEXT+json_valid alias).
/// </summary>
public sealed record MySqlTypePattern(string Name, int? Length, int? Scale, bool? Unsigned)
{
    public int Specificity => (Length is not null ? 10 : 0) + (Unsigned is not null ? 5 : 0);

    public static bool TryParse(string text, out MySqlTypePattern pattern)
    {
        pattern = new MySqlTypePattern("int", null, null, null);
        var t = MySqlType.Parse(text.Trim().ToLowerInvariant());
        var name = t.Name switch
        {
            "integer" => "int",
            "bool" or "boolean" => "tinyint",
            "dec" or "numeric" or "fixed" => "decimal",
            "real" => "double",
            "geomcollection" => "geometrycollection",
            _ => t.Name,
        };
        var length = t.Name is "bool" or "boolean" ? 1 : t.Length;
        if (MySqlType.FamilyOf(name) == MySqlTypeFamily.Unknown)
        {
            return false;
        }

        var words = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool? unsigned = t.Unsigned ? true : words.Contains("signed") ? false : null;
        pattern = new MySqlTypePattern(name, length, t.Scale, unsigned);
        return true;
    }

    public bool Matches(MySqlType type)
    {
        var name = type.Name switch
        {
            "integer" => "int",
            "dec" or "numeric" or "fixed" => "decimal",
            "real" => "double",
            "geomcollection" => "geometrycollection",
            _ => type.Name,
        };
        if (type.IsJsonAlias)
        {
            name = "json";
        }

        if (name != Name)
        {
            return false;
        }

        if (Length is not null && type.Length != Length)
        {
            return false;
        }

        if (Scale is not null && type.Scale != Scale)
        {
            return false;
        }

        return Unsigned is null || type.Unsigned == Unsigned;
    }

    /// <summary>A representative column type for validating a type rule before any column is seen.</summary>
    public MySqlType Sample() => new()
    {
        Name = Name,
        ColumnType = Name,
        Length = Length,
        Scale = Scale,
        Unsigned = Unsigned ?? false,
        IsJsonAlias = false,
    };

    public override string ToString() =>
        Name + (Length is null ? string.Empty : "(" + Length.Value.ToString(CultureInfo.InvariantCulture) + (Scale is null ? string.Empty : "," + Scale.Value.ToString(CultureInfo.InvariantCulture)) + ")")
        + (Unsigned == true ? " unsigned" : string.Empty);
}
