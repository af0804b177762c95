namespace Godwit.Core.Schema;

public sealed record SourceView
{
    public required string Schema { get; init; }

    public required string Name { get; init; }

    public required string Definition { get; init; }

    public string? CheckOption { get; init; }
}
