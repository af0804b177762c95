using Godwit.Core.Schema;

namespace Godwit.Core.Types;

/// <summary>
/// The decision for one source column, made once by <see cref="CastRuleEngine"/>: the PostgreSQL type
/// (<see cref="TargetType"/>) and the value conversion (<see cref="Conversion"/>) that schema creation,
/// bulk copy and CDC all use. Nothing else decides a column's type.
/// </summary>
public sealed record ColumnCast
{
    /// <summary>Source database (MySQL schema) name.</summary>
    public required string SourceSchema { get; init; }

    public required string SourceTable { get; init; }

    public required SourceColumn Column { get; init; }

    public required PgTypeName TargetType { get; init; }

    public required ValueConversion Conversion { get; init; }

    /// <summary>For ENUM columns: how they are represented (and whether a CHECK is emitted).</summary>
    public EnumPolicy EnumPolicy { get; init; } = EnumPolicy.TextCheck;

    /// <summary>Where the decision came from: <c>default</c>, or the rule's spec location, e.g. <c>godwit.yaml:12</c>.</summary>
    public string Origin { get; init; } = "default";

    /// <summary>Set when some source values cannot survive the conversion exactly (assess reports it).</summary>
    public string? LossyReason { get; init; }

    /// <summary><c>db.table.column</c>, for messages.</summary>
    public string QualifiedColumn => $"{SourceSchema}.{SourceTable}.{Column.Name}";

    /// <summary>The error for a value this cast cannot convert: names table, column and (a printable prefix of) the value.</summary>
    public ValueConversionException Fail(ReadOnlySpan<byte> value, string reason) => new(QualifiedColumn, ValueConversionException.Display(value), reason);
}
