namespace Godwit.Core.Verify;

/// <summary>No change data capture: the target is as current as it will get; nothing to wait for.</summary>
public sealed class NoCatchUp : ITargetCatchUp
{
    public static NoCatchUp Instance { get; } = new();

    public ValueTask<string?> SourcePositionAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    public ValueTask<bool> WaitUntilAppliedAsync(string? position, TimeSpan timeout, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
