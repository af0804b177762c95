using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;

namespace Godwit.Core.Ddl;

/// <summary>The one way a source schema becomes the target's: the spec's table filter, its type rules, and the DDL generator.</summary>
public static class SchemaPlanner
{
    /// <summary>Applies <c>tables: include/exclude</c> (names are <c>db.table</c>; <c>db.*</c> selects a whole database).</summary>
    public static SourceDatabase Filter(SourceDatabase db, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(spec);
        bool Matches(IEnumerable<string> patterns, SourceTable t) => patterns.Any(p =>
            string.Equals(p, t.QualifiedName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p, t.Schema + ".*", StringComparison.OrdinalIgnoreCase));
        var tables = db.Tables.Where(t => (spec.IncludeTables.Count == 0 || Matches(spec.IncludeTables, t)) && !Matches(spec.ExcludeTables, t)).ToList();
        return db with { Tables = tables };
    }

    /// <summary>Each column's cast and the target schema's DDL.</summary>
    /// <exception cref="CastRuleException">A rule of the spec does not fit a column.</exception>
    public static (SchemaCasts Casts, PgSchemaPlan Plan) Plan(SourceDatabase db, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(spec);
        var options = new DdlOptions
        {
            TargetSchema = spec.Options.TargetSchema,
            IdentifierCase = spec.Options.IdentifierCase ?? IdentifierCase.Lower,
            OnUpdateTriggers = spec.Options.OnUpdateTriggers ?? false,
        };
        var engine = new CastRuleEngine(spec.Rules, spec.Origin, new CastOptions
        {
            TargetSchema = options.ResolveTargetSchema(db.Name),
            IdentifierCase = options.IdentifierCase,
        });
        var casts = engine.ResolveAll(db);
        return (casts, PgDdlGenerator.Generate(db, casts, options));
    }
}
