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
