namespace Godwit.Core.Types;

/// <summary>What a zero (or partly zero) date such as <c>0000-00-00</c> or <c>2024-00-10</c> becomes.</summary>
public enum ZeroDatePolicy
{
    /// <summary>NULL (the default; assess reports NOT NULL columns that hold zero dates).</summary>
    Null,

    /// <summary>The row fails with an error naming table, column and value.</summary>
    Error,

    /// <summary>PostgreSQL's <c>-infinity</c>.</summary>
    NegativeInfinity,

    /// <summary>Kept as text; only valid when the column's target is a text type.</summary>
    Keep,
}
