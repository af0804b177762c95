using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>MySQL/MariaDB → PostgreSQL: the spec's type rules (<see cref="CastRuleEngine"/>) and the DDL generator (<see cref="PgDdlGenerator"/>).</summary>
public sealed class MySqlToPostgresMapper : ISchemaMapper
{
    public static MySqlToPostgresMapper Instance { get; } = new();

    /// <summary>
    /// <c>options.spatial: postgis</c>: each spatial type to PostGIS geometry of the same shape, as rules placed before the
    /// spec's own (which win). Each value keeps its SRID (EWKB); the column's typmod leaves the SRID open, as MySQL does
    /// for a column without SRID.
    /// </summary>
    private static readonly TypeRuleSpec[] PostGisRules =
    [
        new() { Type = "geometry", To = "geometry" },
        new() { Type = "point", To = "geometry(Point)" },
        new() { Type = "linestring", To = "geometry(LineString)" },
        new() { Type = "polygon", To = "geometry(Polygon)" },
        new() { Type = "multipoint", To = "geometry(MultiPoint)" },
        new() { Type = "multilinestring", To = "geometry(MultiLineString)" },
        new() { Type = "multipolygon", To = "geometry(MultiPolygon)" },
        new() { Type = "geometrycollection", To = "geometry(GeometryCollection)" },
    ];

    public DatabaseEngine Source => DatabaseEngine.MySql;

    public DatabaseEngine Target => DatabaseEngine.Postgres;

    public (SchemaCasts Casts, PgSchemaPlan Plan) Map(SourceDatabase database, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(spec);
        var options = new DdlOptions
        {
            TargetSchema = spec.Options.TargetSchema,
            IdentifierCase = spec.Options.IdentifierCase ?? IdentifierCase.Lower,
            OnUpdateTriggers = spec.Options.OnUpdateTriggers ?? false,
        };
        var rules = spec.Options.Spatial == SpatialMode.PostGis ? [.. PostGisRules, .. spec.Rules] : spec.Rules;
        var engine = new CastRuleEngine(rules, spec.Origin, new CastOptions
        {
            TargetSchema = options.ResolveTargetSchema(database.Name),
            IdentifierCase = options.IdentifierCase,
        });
        var casts = engine.ResolveAll(database);
        return (casts, PgDdlGenerator.Generate(database, casts, options));
    }
}
