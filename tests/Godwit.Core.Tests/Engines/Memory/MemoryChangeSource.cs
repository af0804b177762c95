using System.Threading.Channels;
using Godwit.Core.Positions;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>One connection's reader of the <see cref="MemoryStreamSource"/> log.</summary>
internal sealed class MemoryChangeSource(Channel<ChangeEvent> channel, StreamPosition start, int? failAfter) : IChangeSource
{
    private int _read;

    public StreamPosition? Checkpoint { get; private set; } = start;

    public async ValueTask<ChangeEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        if (failAfter is { } limit && _read >= limit)
        {
            throw new MemoryConnectionLostException("the memory source dropped the connection");
        }

        var change = await channel.Reader.ReadAsync(cancellationToken);
        _read++;
        if (change.EndsTransaction)
        {
            Checkpoint = change.Position;
        }

        return change;
    }

    public void Acknowledge(StreamPosition committed) => Acknowledged.Enqueue(committed);

    /// <summary>Every position the engine said the target committed, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<StreamPosition> Acknowledged { get; } = new();

    public void UseSchema(SourceDatabase schema)
    {
    }

    public ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
