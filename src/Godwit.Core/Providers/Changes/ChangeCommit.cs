namespace Godwit.Core.Providers.Changes;

/// <summary>A source transaction ends (committed or rolled back): after it, <see cref="IChangeSource.Checkpoint"/> is a safe resume point.</summary>
public sealed class ChangeCommit : ChangeEvent
{
    public static ChangeCommit Instance { get; } = new();

    public override bool EndsTransaction => true;
}
