namespace Godwit.Core.Schema;

/// <summary>One part of an index: a column (possibly a prefix of it), or an expression (MySQL 8 functional indexes).</summary>
public sealed record SourceIndexPart
{
    public string? Column { get; init; }

    /// <summary>Prefix length in characters (or bytes for binary columns), for <c>KEY (name(10))</c>.</summary>
    public int? PrefixLength { get; init; }

    public bool Descending { get; init; }

    public string? Expression { get; init; }
}
