using System.Globalization;
using Godwit.Core.Schema;

namespace Godwit.Core.Types;

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
