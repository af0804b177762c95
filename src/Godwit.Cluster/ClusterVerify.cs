using Godwit.Core.Connections;

namespace Godwit.Cluster;

/// <summary>
/// The client side of <c>verify --cluster</c>: a connection to the cluster for the verify's duration, and the
/// dispatcher that hands its chunks to the workers.
/// </summary>
public sealed class ClusterVerify : IAsyncDisposable
{
    private readonly ClusterClient _client;

    private ClusterVerify(ClusterClient client, GrainVerifyChunkDispatcher dispatcher)
    {
        _client = client;
        Dispatcher = dispatcher;
    }

    public GrainVerifyChunkDispatcher Dispatcher { get; }

    public static async Task<ClusterVerify> ConnectAsync(ConnectionUri cluster, ClusterVerifyJob job, CancellationToken cancellationToken)
    {
        var client = await ClusterClient.ConnectAsync(cluster, cancellationToken);
        return new ClusterVerify(client, new GrainVerifyChunkDispatcher(client.Client, job));
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
