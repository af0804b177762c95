using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;

namespace Godwit.Core.Tenants;

/// <summary>The row filter of each table a tenant moves: on the source (its names) and on the target (the plan's names).</summary>
public sealed class TenantRowFilters
{
    private readonly TenantPlan _plan;
    private readonly SourceDatabase _db;
    private readonly PgSchemaPlan _schema;

    public TenantRowFilters(TenantPlan plan, SourceDatabase db, PgSchemaPlan schema)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
    }

    /// <summary>The filtered tables' source filters (included tables have none: every row).</summary>
    public IReadOnlyDictionary<string, RowFilter> Source() =>
        _plan.Moving.Where(t => t.Filtered).ToDictionary(t => t.Table, t => SourceFilter(t)!, StringComparer.Ordinal);

    /// <summary>The table's filter on the source; null for an included table (every row).</summary>
    public RowFilter? SourceFilter(TenantTablePlan table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.Filtered)
        {
            return null;
        }

        var filter = new RowFilter(_plan.TenantColumn, [_plan.Tenant]);
        if (table.Path.Count == 0)
        {
            return filter;
        }

        var last = _db.FindTable(table.Path[^1].ParentTable)!;
        return filter with { Column = last.Column(_plan.TenantColumn).Name, Path = table.Path, PathColumn = last.Column(_plan.TenantColumn), PathSchema = _db.Name };
    }

    /// <summary>The table's mapping on the target (its schema and name there).</summary>
    public PgTableMapping Mapping(string table) =>
        _schema.Tables.FirstOrDefault(m => string.Equals(m.Source.Name, table, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{table}: not in the schema plan");

    /// <summary>The table's filter in the target's names; null for an included table.</summary>
    public RowFilter? TargetFilter(TenantTablePlan table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.Filtered)
        {
            return null;
        }

        var hops = table.Path.Select(h => new TenantHop(
            Mapping(h.Table).Name, [.. h.Columns.Select(c => Column(h.Table, c))], Mapping(h.ParentTable).Name, [.. h.ParentColumns.Select(c => Column(h.ParentTable, c))])).ToList();
        var last = table.Path.Count == 0 ? table.Table : table.Path[^1].ParentTable;
        return new RowFilter(Column(last, _plan.TenantColumn), [_plan.Tenant]) { Path = hops };
    }

    /// <summary>A source column's name on the target.</summary>
    public string Column(string table, string column) =>
        Mapping(table).Columns.FirstOrDefault(c => string.Equals(c.Source.Name, column, StringComparison.OrdinalIgnoreCase))?.Name
        ?? throw new InvalidOperationException($"{table}.{column}: not in the schema plan");
}
