using Godwit.Core.Assessment;

namespace Godwit.Core.Planning;

/// <summary>A migration's runbook: findings and fixes, the phases in order with their commands, estimates and checks, the rollback matrix and the clean-up.</summary>
public sealed record Runbook
{
    public required string Title { get; init; }

    public required DateTimeOffset MadeAt { get; init; }

    public required string Source { get; init; }

    public required string Target { get; init; }

    public required RunbookSize Size { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public IReadOnlyList<SourceFix> Fixes { get; init; } = [];

    public IReadOnlyList<RunbookPhase> Phases { get; init; } = [];

    public IReadOnlyList<RollbackRow> Rollback { get; init; } = [];

    public IReadOnlyList<string> CleanUp { get; init; } = [];

    /// <summary>Where passwords come from, since the runbook never holds one.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool HasBlockers => Findings.Any(f => f.Severity == Severity.Blocker);
}
