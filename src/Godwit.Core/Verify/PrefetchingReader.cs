using System.Threading.Channels;

namespace Godwit.Core.Verify;

/// <summary>
/// Reads a row stream on its own task into a bounded buffer, so the source and the target are read at the same
/// time while the merge consumes both (otherwise each side would wait for the other's network round trips).
/// </summary>
internal sealed class PrefetchingReader : IAsyncDisposable
{
    private const int BatchSize = 512;
    private readonly Channel<VerifyRow[]> _channel = Channel.CreateBounded<VerifyRow[]>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _pump;
    private VerifyRow[] _batch = [];
    private int _index;

    public PrefetchingReader(IAsyncEnumerable<VerifyRow> rows, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _pump = Task.Run(() => PumpAsync(rows, _stop.Token), CancellationToken.None);
    }

    public VerifyRow Current => _batch[_index];

    public async ValueTask<bool> MoveNextAsync()
    {
        if (++_index < _batch.Length)
        {
            return true;
        }

        while (await _channel.Reader.WaitToReadAsync(_stop.Token))
        {
            if (_channel.Reader.TryRead(out var batch) && batch.Length > 0)
            {
                _batch = batch;
                _index = 0;
                return true;
            }
        }

        await _pump; // surfaces the reader's exception
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task PumpAsync(IAsyncEnumerable<VerifyRow> rows, CancellationToken cancellationToken)
    {
        var batch = new List<VerifyRow>(BatchSize);
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                batch.Add(row);
                if (batch.Count == BatchSize)
                {
                    await _channel.Writer.WriteAsync([.. batch], cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await _channel.Writer.WriteAsync([.. batch], cancellationToken);
            }

            _channel.Writer.Complete();
        }
        catch (Exception ex)
        {
            _channel.Writer.Complete(ex);
            throw;
        }
    }
}
