using Godwit.Core.Connections;
using Godwit.Core.Dashboard;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Providers;

namespace Godwit.Cli.Dashboard;

/// <summary>
/// What the dashboard reads on each refresh: the target's state store, and the source's log when it was given one. A
/// source that cannot be read is shown as such (masked), not an empty page: the target's state is still worth seeing.
/// </summary>
internal sealed class DashboardReads(ConnectionUri target, ConnectionUri? source)
{
    /// <summary>The lag chart's window.</summary>
    public static readonly TimeSpan History = TimeSpan.FromHours(1);

    private readonly ITargetProvider _target = ProviderRegistry.Target(target);
    private readonly ISourceProvider? _source = source is null ? null : ProviderRegistry.Source(source);

    public async Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var state = await _target.StateReader().ReadAsync(History, cancellationToken);
        SourceLog? log = null;
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
        }

        var stream = _target.Stream(new MigrationSpec());
        return DashboardSnapshots.Build(state, log, name => StreamKeys.Of(stream, name)) with { SourceError = sourceError };
    }
}
