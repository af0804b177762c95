namespace Godwit.Core.Planning;

/// <summary>
/// One phase: what it does, the commands in order, how long it should take (null when it depends on something the
/// plan cannot know, said in <see cref="EstimateBasis"/>), and what to check before the next phase.
/// </summary>
public sealed record RunbookPhase
{
    public required string Name { get; init; }

    public required string Purpose { get; init; }

    public IReadOnlyList<string> Commands { get; init; } = [];

    public double? EstimatedSeconds { get; init; }

    public required string EstimateBasis { get; init; }

    public IReadOnlyList<string> Checks { get; init; } = [];
}
