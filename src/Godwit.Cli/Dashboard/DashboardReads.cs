using Godwit.Core.Connections;
using Godwit.Core.Dashboard;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Providers;

namespace Godwit.Cli.Dashboard;

/// <summary>
/// What the dashboard reads on each refresh: the target's state store, and, when it was given the source, the source's
/// log and the source's own state store (where the reverse stream and a rollback are recorded after a cutover; read
/// once when source and target share one store). A source that cannot be read is shown as such (masked), not an
/// empty page: the target's state is still worth seeing.
/// </summary>
internal sealed class DashboardReads(ConnectionUri target, ConnectionUri? source, ConnectionUri? cluster = null)
{
    /// <summary>The lag chart's window.</summary>
    public static readonly TimeSpan History = TimeSpan.FromHours(1);

    private readonly ITargetProvider _target = ProviderRegistry.Target(target);
    private readonly ISourceProvider? _source = source is null ? null : ProviderRegistry.Source(source);
    private readonly IMigrationStateReader? _sourceState = OldSourceReader(target, source);

    public async Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var state = await _target.StateReader().ReadAsync(History, cancellationToken);
        SourceLog? log = null;
        MigrationState? sourceState = null;
        string? sourceError = null;
        if (_source is not null)
        {
            try
            {
                log = await _source.ReadLogAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                sourceError = SecretMasker.Mask(ex.Message);
            }

            // The way back's state is read on its own: a source whose log cannot be read (no replication right) may
            // still hold the reverse stream's state.
            try
            {
                sourceState = _sourceState is null ? null : await _sourceState.ReadAsync(History, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                sourceError ??= SecretMasker.Mask(ex.Message);
            }
        }

        var stream = _target.Stream(new MigrationSpec());
        var snapshot = DashboardSnapshots.Build(state, log, name => StreamKeys.Of(stream, name)) with
        {
            SourceError = sourceError,
            Cluster = cluster is null ? null : await ClusterAsync(cluster, cancellationToken),
        };
        return sourceState is null ? snapshot : OldSourceState.Merge(snapshot, sourceState);
    }

    /// <summary>The cluster's workers and streams; a cluster database that cannot be read is shown as such, with the rest of the page.</summary>
    private static async Task<ClusterSnapshot> ClusterAsync(ConnectionUri cluster, CancellationToken cancellationToken)
    {
        try
        {
            var workers = await Godwit.Cluster.ClusterReports.WorkersAsync(cluster, cancellationToken);
            var streams = await Godwit.Cluster.ClusterSync.StreamsAsync(cluster, cancellationToken);
            return new ClusterSnapshot
            {
                Workers = [.. workers.Select(w => new ClusterWorkerSnapshot(w.Name, w.Address, w.Status, w.LastAlive, w.ChunksCommitted, w.RecentChunks))],
                Streams = [.. streams.Select(s => new ClusterStreamSnapshot(s.Stream, s.Holder, s.Epoch, s.State, s.LagSeconds, s.UpdatedAt, s.Error))],
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ClusterSnapshot { Error = SecretMasker.Mask(ex.Message) };
        }
    }

    /// <summary>The source's own state store, unless it is the target's (a MySQL server's one godwit database holds both).</summary>
    private static IMigrationStateReader? OldSourceReader(ConnectionUri target, ConnectionUri? source)
    {
        if (source is null)
        {
            return null;
        }

        var reader = ProviderRegistry.Target(Cutover.ReverseEndpoints.SourceAsTarget(source)).StateReader();
        return string.Equals(reader.Store, ProviderRegistry.Target(target).StateReader().Store, StringComparison.Ordinal) ? null : reader;
    }
}
