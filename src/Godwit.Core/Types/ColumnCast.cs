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

/// <summary>A source value that cannot be converted. Never swallowed: the message names table, column and value.</summary>
public sealed class ValueConversionException : Exception
{
    public ValueConversionException(string column, string value, string reason)
        : base($"{column}: cannot convert value {value}: {reason}")
    {
        Column = column;
        Value = value;
        Reason = reason;
    }

    public ValueConversionException()
    {
        Column = Value = Reason = string.Empty;
    }

    public ValueConversionException(string message)
        : base(message)
    {
        Column = Value = Reason = string.Empty;
    }

    public ValueConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Column = Value = Reason = string.Empty;
    }

    /// <summary><c>db.table.column</c>.</summary>
    public string Column { get; }

    /// <summary>The value as shown in the message (quoted text, or hex for binary, truncated).</summary>
    public string Value { get; }

    public string Reason { get; }

    /// <summary>Shows a value safely: quoted UTF-8 when printable, else <c>0x…</c> hex; at most 64 bytes.</summary>
    public static string Display(ReadOnlySpan<byte> value)
    {
        const int Max = 64;
        var shown = value.Length > Max ? value[..Max] : value;
        var suffix = value.Length > Max ? $"… ({value.Length} bytes)" : string.Empty;
        var printable = System.Text.Unicode.Utf8.IsValid(shown);
        if (printable)
        {
            foreach (var b in shown)
            {
                if (b < 0x20 || b == 0x7f)
                {
                    printable = false;
                    break;
                }
            }
        }

        return printable
            ? "'" + System.Text.Encoding.UTF8.GetString(shown).Replace("'", "''", StringComparison.Ordinal) + "'" + suffix
            : "0x" + Convert.ToHexString(shown) + suffix;
    }
}
