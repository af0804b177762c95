namespace Godwit.Core.Types;

/// <summary>
/// The value half of a <see cref="ColumnCast"/>: the kind plus the parameters the kind needs.
/// Immutable and shared; copy and CDC switch on <see cref="Kind"/> once per column, not per value.
/// </summary>
public sealed record ValueConversion(ValueConversionKind Kind)
{
    /// <summary>For <see cref="ValueConversionKind.Date"/>, <see cref="ValueConversionKind.Timestamp"/>, <see cref="ValueConversionKind.TimestampTz"/>.</summary>
    public ZeroDatePolicy ZeroDates { get; init; } = ZeroDatePolicy.Null;

    /// <summary>
    /// For <see cref="ValueConversionKind.TimestampTz"/>: the UTC offset the source text is in. Zero: readers
    /// must run the source session with <c>SET time_zone = '+00:00'</c> (TIMESTAMP is stored in UTC; the binlog
    /// carries epoch seconds), and a DATETIME re-typed to timestamptz is taken as UTC.
    /// </summary>
    public TimeSpan SourceUtcOffset { get; init; }

    /// <summary>For the BIT kinds: the source BIT(n) width.</summary>
    public int BitLength { get; init; }

    /// <summary>For <see cref="ValueConversionKind.Numeric"/>: the target scale, when fixed (informational).</summary>
    public int? Scale { get; init; }

    public static ValueConversion Of(ValueConversionKind kind) => new(kind);

    public bool HandlesZeroDates => Kind is ValueConversionKind.Date or ValueConversionKind.Timestamp or ValueConversionKind.TimestampTz;
}
