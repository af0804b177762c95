namespace Godwit.Core.Specs;

/// <summary>How MySQL spatial columns arrive on PostgreSQL (spec: <c>options.spatial</c>).</summary>
public enum SpatialMode
{
    /// <summary>WKB in bytea, the SRID dropped, no spatial index (a warning says so): needs nothing on the target.</summary>
    Bytea,

    /// <summary>PostGIS <c>geometry(type)</c> with each value's SRID (EWKB), SPATIAL indexes as GiST; the target needs PostGIS.</summary>
    PostGis,
}
