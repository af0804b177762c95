namespace Godwit.Core.Schema;

public sealed record SourceTrigger
{
    public required string Name { get; init; }

    public required string Table { get; init; }

    public required string Timing { get; init; }

    public required string Event { get; init; }

    public string Statement { get; init; } = string.Empty;
}
