namespace Godwit.Core.Specs;

/// <summary>The <c>options:</c> section of <c>godwit.yaml</c>; each has a matching command-line option.</summary>
public sealed record MigrationOptions
{
    public int? Jobs { get; init; }

    public OnErrorMode? OnError { get; init; }

    public string? RejectFile { get; init; }

    public OnDdlMode? OnDdl { get; init; }

    public IdentifierCase? IdentifierCase { get; init; }

    public IfExistsMode? IfExists { get; init; }

    public string? TargetSchema { get; init; }

    public string? RoutingFile { get; init; }

    public string? Metrics { get; init; }

    public TimeSpan? MaxLag { get; init; }

    public TimeSpan? FreezeTimeout { get; init; }

    /// <summary>Emulate ON UPDATE CURRENT_TIMESTAMP columns with BEFORE UPDATE triggers on the target.</summary>
    public bool? OnUpdateTriggers { get; init; }

    /// <summary>Spatial columns as bytea (the default) or as PostGIS geometry.</summary>
    public SpatialMode? Spatial { get; init; }

    public MigrationOptions OverrideWith(MigrationOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new MigrationOptions
        {
            Jobs = o.Jobs ?? Jobs,
            OnError = o.OnError ?? OnError,
            RejectFile = o.RejectFile ?? RejectFile,
            OnDdl = o.OnDdl ?? OnDdl,
            IdentifierCase = o.IdentifierCase ?? IdentifierCase,
            IfExists = o.IfExists ?? IfExists,
            TargetSchema = o.TargetSchema ?? TargetSchema,
            RoutingFile = o.RoutingFile ?? RoutingFile,
            Metrics = o.Metrics ?? Metrics,
            MaxLag = o.MaxLag ?? MaxLag,
            FreezeTimeout = o.FreezeTimeout ?? FreezeTimeout,
            OnUpdateTriggers = o.OnUpdateTriggers ?? OnUpdateTriggers,
            Spatial = o.Spatial ?? Spatial,
        };
    }
}
