namespace Godwit.Core.Providers;

/// <summary>What the sync engine needs of a target: apply sessions, and a way to record a stream's state when one has failed.</summary>
public interface IStreamTarget
{
    /// <summary>Names the target (host, port, database) for ids that must stay the same for a stream and its target across runs.</summary>
    string Identity { get; }

    /// <summary>Opens an apply session for a stream (one connection; the stream lock is taken with <see cref="IApplySession.LockAsync"/>).</summary>
    Task<IApplySession> OpenAsync(string stream, CancellationToken cancellationToken);

    /// <summary>Records a stream's status on a connection of its own (the apply connection may be what failed); a target that is down is passed over.</summary>
    Task TryRecordStatusAsync(string stream, string status, string? error, CancellationToken cancellationToken);

    /// <summary>As <see cref="IStreamSource.TryClassify"/>, for the target's own errors (<c>target_connection</c>, <c>target_conflict</c>, <c>target_resources</c>).</summary>
    bool TryClassify(Exception error, out string? transientKind);
}
