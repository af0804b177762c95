using Godwit.Core.Connections;
using Godwit.Core.Specs;

namespace Godwit.Core.Engines.Cutover;

/// <summary>What <c>godwit cutover</c> was asked to do.</summary>
public sealed record CutoverOptions
{
    public required ConnectionUri Source { get; init; }

    public required ConnectionUri Target { get; init; }

    /// <summary>The schema the source migrates (the source provider's; a MySQL source's is its URI's database).</summary>
    public string? SourceSchema { get; init; }

    public required MigrationSpec Spec { get; init; }

    /// <summary>The stream in <c>godwit.sync_state</c>; null: the one for this source database and target schema.</summary>
    public string? Stream { get; init; }

    /// <summary>The lag gate: the stream must apply the source's head within this long.</summary>
    public TimeSpan MaxLag { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the source stays frozen waiting for the stream to drain before the cutover gives up.</summary>
    public TimeSpan FreezeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long statements in flight on the source may run on after the freeze starts before they are killed.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Added to each identity past the source's highest value, so rows the source might still get are not reissued.</summary>
    public long SequenceGap { get; init; }

    /// <summary>
    /// After the switch, how long writes on the source keep waiting for the table lock before the sessions still waiting
    /// are ended and the lock released: longer than the longest time an application takes to re-read the routing file.
    /// </summary>
    public TimeSpan SwitchHold { get; init; } = TimeSpan.FromSeconds(3);

    public string? RoutingFile { get; init; }

    public string? SwitchCommand { get; init; }

    public bool DryRun { get; init; }

    /// <summary>Prepared inside the freeze, before the switch, so that the way back misses nothing; null: no reverse stream (<c>--no-reverse</c>).</summary>
    public ReverseStream? Reverse { get; init; }

    /// <summary>
    /// A rollback: the cutover backwards (<see cref="Source"/> is the new primary, <see cref="Target"/> the old source),
    /// whose switch writes primary=source to the routing file (with the file's source and target as the first cutover wrote them).
    /// </summary>
    public bool Rollback { get; init; }

    /// <summary>What the routing file names as the migration's source, target and stream (informational); null: this run's own.</summary>
    public (ConnectionUri Source, ConnectionUri Target, string? Stream)? RoutingNames { get; init; }
}
