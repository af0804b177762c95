namespace Godwit.Core.Providers;

/// <summary>
/// The name that is stable for a stream and its target across runs: what a source derives its reader's identity
/// from (a MySQL replica's server id, a PostgreSQL replication slot). The copy, which starts the stream, and the sync
/// engine, which continues it, must derive the same one.
/// </summary>
public static class StreamKeys
{
    public static string Of(IStreamTarget target, string stream)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return $"{target.Identity}/{stream}";
    }
}
