using Godwit.Core.Ddl;
using Godwit.Core.Sync;

namespace Godwit.Postgres.Apply;

/// <summary>
/// Turns the actions of a source DDL statement into PostgreSQL statements that bring the touched target objects to
/// the source's new definition. The parser says what changed (a column added, a table renamed…); the source schema
/// introspected after the statement, translated by the same <see cref="PgDdlGenerator"/> as <c>godwit schema</c>,
/// says what it looks like now (type, default, NULL-ness, index definitions); the target catalog says what is there.
/// Each step compares with the target first, so a replayed statement changes nothing the second time.
/// </summary>
public static class PgDdlTranslator
{
    private static readonly DdlObjectKind[] PostDataKinds =
        [DdlObjectKind.PrimaryKey, DdlObjectKind.Unique, DdlObjectKind.Index, DdlObjectKind.Check, DdlObjectKind.ForeignKey];

    /// <param name="actions">Actions on tables of the migrated database (source names).</param>
    /// <param name="after">The plan of the source schema after the statement.</param>
    /// <param name="target">The target schema now.</param>
    /// <param name="targetName">The target name the schema translation gives a source table or column name (folding, 63-byte fit).</param>
    public static PgDdlTranslation Translate(IEnumerable<SourceDdlAction> actions, PgSchemaPlan after, PgTargetCatalog target, Func<string, string> targetName)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetName);
        var sql = new List<string>();
        foreach (var action in actions)
        {
            var current = Find(after, action.Table.Name);
            var existing = target.Table(current?.Name ?? targetName(action.Table.Name));
            var qualified = PgIdentifier.Qualify(target.Schema, existing?.Name ?? targetName(action.Table.Name));
            switch (action.Kind)
            {
                case SourceDdlKind.CreateTable:
                    if (current is not null && existing is null)
                    {
                        sql.AddRange(after.Statements
                            .Where(s => s.Table == current.Name && s.Kind is not (DdlObjectKind.Schema or DdlObjectKind.View or DdlObjectKind.Comment))
                            .Select(s => s.Sql));
                    }

                    break;
                case SourceDdlKind.DropTable:
                    if (existing is not null && current is null)
                    {
                        // CASCADE removes foreign keys pointing at it (MySQL drops it with FOREIGN_KEY_CHECKS=0), never other tables.
                        sql.Add($"DROP TABLE IF EXISTS {qualified} CASCADE");
                    }

                    break;
                case SourceDdlKind.TruncateTable:
                    if (existing is not null)
                    {
                        // TRUNCATE refuses a table other tables reference, even with triggers off; DELETE does not.
                        sql.Add($"""
                            DO $godwit$ BEGIN
                              IF EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = '{qualified.Replace("'", "''", StringComparison.Ordinal)}'::regclass AND conrelid <> confrelid)
                              THEN DELETE FROM {qualified}; ELSE TRUNCATE {qualified}; END IF;
                            END $godwit$
                            """);
                    }

                    break;
                case SourceDdlKind.RenameTable:
                    var renamed = action.NewTable is null ? null : Find(after, action.NewTable.Name);
                    var from = target.Table(targetName(action.Table.Name));
                    if (renamed is null)
                    {
                        if (from is not null)
                        {
                            return PgDdlTranslation.Fail($"{action.Table} was renamed to {action.NewTable}, which is not a table this migration includes (now)");
                        }

                        break;
                    }

                    if (from is not null && target.Table(renamed.Name) is null)
                    {
                        sql.Add($"ALTER TABLE {PgIdentifier.Qualify(target.Schema, from.Name)} RENAME TO {PgIdentifier.Quote(renamed.Name)}");
                    }

                    break;
                case SourceDdlKind.AddColumn:
                    if (existing is null)
                    {
                        break;
                    }

                    if (current is null || FindColumn(current, action.Column!) is not { } added)
                    {
                        if (existing.Columns.ContainsKey(targetName(action.Column!)))
                        {
                            break;
                        }

                        // The source has changed the table again since (the stream is behind): its definition now is not the one added here.
                        return PgDdlTranslation.Fail($"the new column {action.Table}.{action.Column} is no longer on the source, so its definition is unknown");
                    }

                    if (!existing.Columns.ContainsKey(added.Name))
                    {
                        var definition = ColumnDefinition(after, current, added)
                            ?? throw new InvalidOperationException($"no definition of {added.Name} in the translated CREATE TABLE {current.Name}");
                        sql.Add($"ALTER TABLE {qualified} ADD COLUMN {definition}");
                    }

                    break;
                case SourceDdlKind.DropColumn:
                    var gone = targetName(action.Column!);
                    if (existing is not null && existing.Columns.ContainsKey(gone) && (current is null || FindColumn(current, action.Column!) is null))
                    {
                        sql.Add($"ALTER TABLE {qualified} DROP COLUMN IF EXISTS {PgIdentifier.Quote(gone)}");
                    }

                    break;
                case SourceDdlKind.RenameColumn:
                case SourceDdlKind.ModifyColumn:
                    if (existing is null || current is null)
                    {
                        break;
                    }

                    if (FindColumn(current, action.NewName ?? action.Column!) is not { } to)
                    {
                        return PgDdlTranslation.Fail($"the column {action.Table}.{action.NewName ?? action.Column} is no longer on the source, so its definition is unknown");
                    }

                    var oldName = targetName(action.Column!);
                    if (oldName != to.Name && existing.Columns.ContainsKey(oldName) && !existing.Columns.ContainsKey(to.Name))
                    {
                        sql.Add($"ALTER TABLE {qualified} RENAME COLUMN {PgIdentifier.Quote(oldName)} TO {PgIdentifier.Quote(to.Name)}");
                        ChangeColumn(sql, qualified, existing.Columns[oldName], to);
                    }
                    else if (existing.Columns.TryGetValue(to.Name, out var now))
                    {
                        ChangeColumn(sql, qualified, now, to);
                    }

                    break;
                case SourceDdlKind.Indexes:
                    if (existing is not null && current is not null)
                    {
                        PostDataDifference(sql, after, current, existing, qualified);
                    }

                    break;
                default:
                    return PgDdlTranslation.Fail($"{action.Kind} is not supported");
            }
        }

        return new PgDdlTranslation(sql, null);
    }

    private static void ChangeColumn(List<string> sql, string table, (string Type, bool NotNull) now, PgColumnMapping to)
    {
        var name = PgIdentifier.Quote(to.Name);
        var type = to.Cast.TargetType.ToSql();
        if (!PgFormattedType.Same(now.Type, type))
        {
            sql.Add($"ALTER TABLE {table} ALTER COLUMN {name} TYPE {type} USING {name}::text::{type}");
        }

        if (now.NotNull == to.Source.IsNullable)
        {
            sql.Add($"ALTER TABLE {table} ALTER COLUMN {name} {(to.Source.IsNullable ? "DROP" : "SET")} NOT NULL");
        }
    }

    /// <summary>Creates the table's keys, indexes and constraints the target lacks and drops the ones the source no longer has.</summary>
    private static void PostDataDifference(List<string> sql, PgSchemaPlan after, PgTableMapping current, PgTargetTable existing, string qualified)
    {
        var wanted = after.Statements.Where(s => s.Table == current.Name && PostDataKinds.Contains(s.Kind)).ToList();
        var names = wanted.Select(s => s.Object).ToHashSet(StringComparer.Ordinal);
        foreach (var constraint in existing.Constraints.Where(c => !names.Contains(c) && !c.EndsWith("_not_null", StringComparison.Ordinal)))
        {
            sql.Add($"ALTER TABLE {qualified} DROP CONSTRAINT IF EXISTS {PgIdentifier.Quote(constraint)}");
        }

        foreach (var index in existing.Indexes.Where(i => !names.Contains(i) && !existing.Constraints.Contains(i)))
        {
            sql.Add($"DROP INDEX IF EXISTS {PgIdentifier.Qualify(after.TargetSchema, index)}");
        }

        sql.AddRange(wanted.Where(s => !existing.Indexes.Contains(s.Object) && !existing.Constraints.Contains(s.Object)).Select(s => s.Sql));
    }

    /// <summary>The column's line in the table's CREATE TABLE as <see cref="PgDdlGenerator"/> writes it: name, type, identity, default, NOT NULL.</summary>
    private static string? ColumnDefinition(PgSchemaPlan plan, PgTableMapping table, PgColumnMapping column)
    {
        var create = plan.Statements.FirstOrDefault(s => s.Table == table.Name && s.Kind == DdlObjectKind.Table);
        var prefix = PgIdentifier.Quote(column.Name) + " ";
        return create?.Sql.Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?.TrimEnd(',');
    }

    private static PgTableMapping? Find(PgSchemaPlan plan, string sourceTable) =>
        plan.Tables.FirstOrDefault(t => string.Equals(t.Source.Name, sourceTable, StringComparison.Ordinal))
        ?? plan.Tables.FirstOrDefault(t => string.Equals(t.Source.Name, sourceTable, StringComparison.OrdinalIgnoreCase));

    private static PgColumnMapping? FindColumn(PgTableMapping table, string sourceColumn) =>
        table.Columns.FirstOrDefault(c => string.Equals(c.Source.Name, sourceColumn, StringComparison.OrdinalIgnoreCase));
}
