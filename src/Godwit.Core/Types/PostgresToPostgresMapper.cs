using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>
/// PostgreSQL → PostgreSQL: every column keeps its type (<see cref="ValueConversionKind.Native"/>: nothing is
/// converted), tables and schemas keep their names (each table lands in the schema of its own name, for a source of
/// several schemas too), and the DDL is the source's own <c>pg_dump</c> output
/// (<see cref="SourceDatabase.NativeDdl"/>), so every object it knows is made as the source has it.
/// </summary>
public sealed class PostgresToPostgresMapper : ISchemaMapper
{
    public static PostgresToPostgresMapper Instance { get; } = new();

    public DatabaseEngine Source => DatabaseEngine.Postgres;

    public DatabaseEngine Target => DatabaseEngine.Postgres;

    /// <exception cref="CastRuleException">The spec asks for a type rule or another schema name, which a same-engine move does not do.</exception>
    public (SchemaCasts Casts, PgSchemaPlan Plan) Map(SourceDatabase database, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Options.TargetSchema is { } schema && !string.Equals(schema, database.Name, StringComparison.Ordinal))
        {
            throw new CastRuleException(
                $"a PostgreSQL source keeps its schemas' names on the target ({string.Join(", ", database.Schemas)}); --target-schema {schema} is not supported for it "
                + "(pg_dump's statements name their schema).");
        }

        if (spec.Rules.Count > 0)
        {
            throw new CastRuleException(
                $"type rules do not apply to a PostgreSQL source ({spec.Rules.Count} in the spec): every column keeps its type, so nothing is converted.");
        }

        var (casts, tables) = NativeCasts.For(database, null);
        var plan = new PgSchemaPlan
        {
            TargetSchema = database.Name,
            TargetSchemas = database.Schemas,
            KeysBySchema = database.KeysBySchema,
            Statements = database.NativeDdl,
            Tables = tables,
            Notes = [],
        };
        return (new SchemaCasts(casts, []), plan);
    }
}
