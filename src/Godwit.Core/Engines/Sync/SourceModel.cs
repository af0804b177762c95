using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;

namespace Godwit.Core.Engines.Sync;

/// <summary>
/// The source schema as the stream applies it: introspected and translated exactly as <c>godwit schema</c> and
/// <c>godwit migrate</c> do (same filter, rules and naming, <see cref="SchemaPlanner"/>), so each change is converted
/// like the copy's rows (the pair's <see cref="ISchemaMapper"/>). Reloaded after every DDL the stream applies. It is the schema now, which may be ahead of the
/// stream's position: the target's apply uses the logged table (<see cref="Providers.Changes.ChangeTable"/>) where they differ.
/// </summary>
public sealed record SourceModel(SourceDatabase Database, PgSchemaPlan Plan, MigrationSpec Spec, CastRuleEngine Rules, ISchemaMapper Mapper)
{
    public IdentifierCase IdentifierCase => Spec.Options.IdentifierCase ?? IdentifierCase.Lower;

    /// <summary>Reads the source schema now and plans it as the schema command does.</summary>
    /// <exception cref="SyncException">A rule of the spec does not fit a column.</exception>
    public static async Task<SourceModel> LoadAsync(IStreamSource source, ISchemaMapper mapper, MigrationSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(mapper);
        ArgumentNullException.ThrowIfNull(spec);
        var db = SchemaPlanner.Filter(await source.IntrospectAsync(cancellationToken).ConfigureAwait(false), spec);
        PgSchemaPlan plan;
        try
        {
            plan = mapper.Map(db, spec).Plan;
        }
        catch (CastRuleException ex)
        {
            throw new SyncException(ex.Message, ex);
        }

        var rules = new CastRuleEngine(spec.Rules, spec.Origin, new CastOptions
        {
            TargetSchema = plan.TargetSchema,
            IdentifierCase = spec.Options.IdentifierCase ?? IdentifierCase.Lower,
        });
        return new SourceModel(db, plan, spec, rules, mapper);
    }

    /// <summary>The target name the schema translation gives a source table or column name (folding, 63-byte fit).</summary>
    public string TargetName(string sourceName) => PgIdentifier.Fit(PgIdentifier.Fold(sourceName, IdentifierCase));

    /// <summary>Whether the spec's <c>tables: include/exclude</c> select a table of this name (one that may no longer exist).</summary>
    public bool Selects(string table) => Selects(Database.Schemas[0], table);

    /// <summary>Whether the spec selects a table of this schema and name (one that may no longer exist); never one of a schema the migration does not move.</summary>
    public bool Selects(string schema, string table) =>
        Database.HasSchema(schema)
        && SchemaPlanner.Filter(Database with { Tables = [new SourceTable { Schema = schema, Name = table, KeyedBySchema = Database.KeysBySchema }] }, Spec).Tables.Count > 0;

    /// <summary>A table's mapping by its key within the migration (<see cref="SourceTable.Key"/>).</summary>
    public PgTableMapping? Table(string sourceKey) =>
        Plan.Tables.FirstOrDefault(t => string.Equals(t.Source.Key, sourceKey, StringComparison.Ordinal))
        ?? Plan.Tables.FirstOrDefault(t => string.Equals(t.Source.Key, sourceKey, StringComparison.OrdinalIgnoreCase));

    /// <summary>The mapping of a table as a change stream names it (schema and name); null for a schema the migration does not move.</summary>
    public PgTableMapping? Table(string schema, string name) => Database.HasSchema(schema) ? Table(Database.KeyOf(schema, name)) : null;
}
