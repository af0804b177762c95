using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Ddl;

/// <summary>The spec's table filter (the type decisions are the pair's <see cref="Types.ISchemaMapper"/>).</summary>
public static class SchemaPlanner
{
    /// <summary>Applies <c>tables: include/exclude</c> (names are <c>db.table</c>; <c>db.*</c> selects a whole database; with several schemas <c>schema.table</c>, <c>schema.*</c>, or a bare name in every schema).</summary>
    public static SourceDatabase Filter(SourceDatabase db, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(spec);
        // With several schemas (a PostgreSQL source), a bare name, as the CLI qualifies it with the migration's name
        // (db.Name), selects the table of that name in every schema; schema.table one of them.
        bool Matches(IEnumerable<string> patterns, SourceTable t) => patterns.Any(p =>
            string.Equals(p, t.QualifiedName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p, t.Schema + ".*", StringComparison.OrdinalIgnoreCase)
            || (db.KeysBySchema && (string.Equals(p, db.Name + "." + t.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(p, db.Name + ".*", StringComparison.OrdinalIgnoreCase))));
        var tables = db.Tables.Where(t => (spec.IncludeTables.Count == 0 || Matches(spec.IncludeTables, t)) && !Matches(spec.ExcludeTables, t)).ToList();

        // A table left out takes its own statements of the source's dump with it (indexes, constraints, grants…).
        var left = db.Tables.Except(tables).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var ddl = db.NativeDdl.Where(s => s.Table is null || !left.Contains(s.Table)).ToList();
        return db with { Tables = tables, NativeDdl = ddl };
    }
}
