namespace Godwit.Core.Tenants;

/// <summary>How the purge deletes the moved tenant's rows from the source.</summary>
public sealed record TenantPurgeOptions
{
    /// <summary>Waited after the final verify, before the first delete (applications still reading the old source finish).</summary>
    public TimeSpan Grace { get; init; }

    /// <summary>Rows per DELETE (one short transaction each).</summary>
    public int BatchRows { get; init; } = 1000;

    /// <summary>Pause between batches (the throttle: replicas and the binlog keep up).</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(10);
}
