using System.Diagnostics;

namespace Godwit.Core.Copy;

/// <summary>Limits the rows per second read from the source across all workers (<c>--max-rows-per-second</c>).</summary>
public sealed class RowRateLimiter
{
    private readonly double _rowsPerSecond;
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _rows;

    public RowRateLimiter(double rowsPerSecond)
    {
        _rowsPerSecond = rowsPerSecond;
    }

    public async ValueTask WaitAsync(int rows, CancellationToken cancellationToken)
    {
        if (_rowsPerSecond <= 0)
        {
            return;
        }

        var total = Interlocked.Add(ref _rows, rows);
        var due = TimeSpan.FromSeconds(total / _rowsPerSecond);
        var ahead = due - Stopwatch.GetElapsedTime(_start);
        if (ahead > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(ahead, cancellationToken);
        }
    }
}
