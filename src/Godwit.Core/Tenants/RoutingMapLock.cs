namespace Godwit.Core.Tenants;

/// <summary>
/// Serialises the read-modify-write of one routing map among tenant moves (several run at once, in one process or
/// several): an exclusive lock on <c>FILE.lock</c> beside the map (an advisory <c>flock</c> on Linux, which the
/// kernel drops with the process, so a kill -9 leaves no stale lock).
/// </summary>
public sealed class RoutingMapLock : IDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);
    private readonly FileStream _lock;

    private RoutingMapLock(FileStream stream) => _lock = stream;

    public static async Task<RoutingMapLock> AcquireAsync(string map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        var path = map + ".lock";
        while (true)
        {
            try
            {
                return new RoutingMapLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                // Held by another move's switch (a few milliseconds).
                await Task.Delay(Retry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
