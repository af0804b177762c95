namespace Godwit.Core.Assessment;

/// <summary>What assess learned from the target server.</summary>
public sealed record TargetFacts
{
    public int ServerVersionNum { get; init; }

    public string Version { get; init; } = string.Empty;

    public string Encoding { get; init; } = "UTF8";

    public bool CanCreateInDatabase { get; init; }

    public bool SchemaExists { get; init; }

    public bool CanCreateInSchema { get; init; }

    public bool HasPostGis { get; init; }

    /// <summary>Relations already in the target schema.</summary>
    public IReadOnlyList<string> ExistingRelations { get; init; } = [];
}
