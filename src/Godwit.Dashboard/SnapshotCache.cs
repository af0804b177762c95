using Godwit.Core.Dashboard;

namespace Godwit.Dashboard;

/// <summary>
/// One snapshot shared by every page and scrape for <see cref="MaxAge"/>: a dozen open tabs or a 1 s scrape interval
/// cost the target one read, not one each. One read runs at a time.
/// </summary>
internal sealed class SnapshotCache(Func<CancellationToken, Task<DashboardSnapshot>> read) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DashboardSnapshot? _last;
    private DateTimeOffset _readAt;

    public async Task<DashboardSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is null || DateTimeOffset.UtcNow - _readAt >= MaxAge)
            {
                _last = await read(cancellationToken);
                _readAt = DateTimeOffset.UtcNow;
            }

            return _last;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
