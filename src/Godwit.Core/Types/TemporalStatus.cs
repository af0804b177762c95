namespace Godwit.Core.Types;

/// <summary>The outcome of converting a temporal value under a zero-date policy, without boxing.</summary>
public enum TemporalStatus
{
    /// <summary><c>Value</c> holds the converted value.</summary>
    Value,

    /// <summary>Write NULL (zero date under <see cref="ZeroDatePolicy.Null"/>).</summary>
    Null,

    /// <summary>Write <c>-infinity</c> (Npgsql maps <see cref="DateTime.MinValue"/> / <see cref="DateOnly.MinValue"/> to it).</summary>
    NegativeInfinity,
}
