namespace Godwit.Core.Schema;

public sealed record SourceRoutine
{
    public required string Name { get; init; }

    /// <summary>PROCEDURE or FUNCTION.</summary>
    public required string Kind { get; init; }
}
