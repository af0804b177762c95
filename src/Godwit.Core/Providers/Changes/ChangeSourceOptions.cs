using Godwit.Core.Positions;
using Godwit.Core.Schema;

namespace Godwit.Core.Providers.Changes;

/// <summary>Where and how a change stream starts.</summary>
public sealed record ChangeSourceOptions
{
    public required StreamPosition Start { get; init; }

    /// <summary>A name stable for the stream and its target, from which a source that identifies its readers (a MySQL replica's server id) derives one.</summary>
    public required string StreamKey { get; init; }

    /// <summary>An explicit reader id (MySQL server id); null: derived from <see cref="StreamKey"/>.</summary>
    public uint? ReaderId { get; init; }

    /// <summary>How often an idle source sends a heartbeat.</summary>
    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The source schema now (<see cref="IChangeSource.UseSchema"/>).</summary>
    public required SourceDatabase Schema { get; init; }
}
