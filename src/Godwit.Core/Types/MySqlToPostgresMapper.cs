using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>MySQL/MariaDB → PostgreSQL: the spec's type rules (<see cref="CastRuleEngine"/>) and the DDL generator (<see cref="PgDdlGenerator"/>).</summary>
public sealed class MySqlToPostgresMapper : ISchemaMapper
{
    public static MySqlToPostgresMapper Instance { get; } = new();

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
        var engine = new CastRuleEngine(spec.Rules, spec.Origin, new CastOptions
        {
            TargetSchema = options.ResolveTargetSchema(database.Name),
            IdentifierCase = options.IdentifierCase,
        });
        var casts = engine.ResolveAll(database);
        return (casts, PgDdlGenerator.Generate(database, casts, options));
    }
}
