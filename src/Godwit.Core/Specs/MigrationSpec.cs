namespace Godwit.Core.Specs;

/// <summary>
/// Everything a migration can be told, from <c>godwit.yaml</c> and the command line. Null means "not said":
/// the command line overrides the file with <see cref="OverrideWith"/>, and commands apply their defaults last.
/// </summary>
public sealed record MigrationSpec
{
    public string? Source { get; init; }

    public string? Target { get; init; }

    public IReadOnlyList<string> IncludeTables { get; init; } = [];

    public IReadOnlyList<string> ExcludeTables { get; init; } = [];

    public IReadOnlyList<TypeRuleSpec> Rules { get; init; } = [];

    public MigrationOptions Options { get; init; } = new();

    /// <summary>Where this spec came from (a file path), for messages.</summary>
    public string? Origin { get; init; }

    /// <summary>Values set in <paramref name="overrides"/> win; lists given there replace ours; rules add to ours.</summary>
    public MigrationSpec OverrideWith(MigrationSpec overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return this with
        {
            Source = overrides.Source ?? Source,
            Target = overrides.Target ?? Target,
            IncludeTables = overrides.IncludeTables.Count > 0 ? overrides.IncludeTables : IncludeTables,
            ExcludeTables = overrides.ExcludeTables.Count > 0 ? overrides.ExcludeTables : ExcludeTables,
            Rules = [.. Rules, .. overrides.Rules],
            Options = Options.OverrideWith(overrides.Options),
        };
    }
}
