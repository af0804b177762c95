using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Ddl;

/// <summary>The spec's table filter (the type decisions are the pair's <see cref="Types.ISchemaMapper"/>).</summary>
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

        // A table left out takes its own statements of the source's dump with it (indexes, constraints, grants…).
        var left = db.Tables.Except(tables).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var ddl = db.NativeDdl.Where(s => s.Table is null || !left.Contains(s.Table)).ToList();
        return db with { Tables = tables, NativeDdl = ddl };
    }
}
