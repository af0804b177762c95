using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;

namespace Godwit.Core.Tenants;

/// <summary>One tenant's move: what moves (<see cref="Plan"/>), how it is mapped, the routing map, and what follows the switch.</summary>
public sealed record TenantMoveOptions
{
    public required TenantPlan Plan { get; init; }

    /// <summary>The source model (every table; the plan says which move).</summary>
    public required SourceDatabase Database { get; init; }

    /// <summary>The mapped plan of the moving tables (their target names, casts and DDL for tables the target lacks).</summary>
    public required PgSchemaPlan Schema { get; init; }

    public required ISchemaMapper Mapper { get; init; }

    /// <summary>The spec the schema plan was made with (its include list names the moving tables).</summary>
    public required MigrationSpec Spec { get; init; }

    /// <summary>The routing map (JSON) the application follows; created with primary=source when missing.</summary>
    public required string RoutingMap { get; init; }

    /// <summary>How the source and target are shown in the map and the copy's records (masked URIs).</summary>
    public required string SourceDisplay { get; init; }

    public required string TargetDisplay { get; init; }

    public int Jobs { get; init; } = 2;

    /// <summary>
    /// How long the tenant stays frozen on the side it left after its map entry is switched. A writer that read the
    /// map just before the switch (a retry after a refused write, say) and writes after it is refused in that time and
    /// retried on the new side once its follower has the new map; unfrozen at once, that side would take the write and
    /// no stream would carry it over any more.
    /// </summary>
    public TimeSpan SwitchHold { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>After the switch, delete the tenant's rows from the source.</summary>
    public bool Purge { get; init; }

    public TenantPurgeOptions PurgeOptions { get; init; } = new();

    /// <summary>Move even though an AUTO_INCREMENT/identity range overlaps on the target (<see cref="TenantIdOverlaps"/>): the operator says nothing inserts there before the switch.</summary>
    public bool AllowIdOverlap { get; init; }

    /// <summary>
    /// The tenant's way back for <c>tenant rollback</c>, recorded inside the freeze (null: none, the move cannot be
    /// rolled back). A purge marks it over before its first delete.
    /// </summary>
    public TenantWayBack? WayBack { get; init; }

    /// <summary>
    /// The stream's id (and the copy run's): <c>tenant-&lt;target schema&gt;-&lt;value&gt;</c>. A MySQL target keeps
    /// every stream's state in one <c>godwit</c> database per server, so the target schema is part of the id: the
    /// same tenant moved into two databases of one server is two streams.
    /// </summary>
    public string Stream => StreamFor(Schema.TargetSchema, Plan.Tenant);

    public static string StreamFor(string targetSchema, string tenant) => StreamPrefix(targetSchema) + tenant;

    /// <summary>What every tenant stream into <paramref name="targetSchema"/> starts with.</summary>
    public static string StreamPrefix(string targetSchema) => "tenant-" + targetSchema + "-";
}
