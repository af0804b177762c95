using Godwit.Core.Ddl;
using Godwit.Core.Sync;

namespace Godwit.Postgres.Apply;

/// <summary>
/// Turns the actions of a source DDL statement into PostgreSQL statements that bring the touched target objects to
/// the source's new definition. The parser says what changed (a column added, a table renamed…); the source schema
/// translated by the same <see cref="PgDdlGenerator"/> as <c>godwit schema</c> says what it looks like: the schema now
/// (introspected after the statement) for tables and indexes, and the schema with the columns the statement defines
/// laid over it (<see cref="StatedSourceSchema"/>) for columns, since the stream may reach the statement after
/// the source has changed those columns again. Primary keys follow the statement's own ADD/DROP PRIMARY KEY for the
/// same reason: rows logged after it are keyed by that key. The target catalog says what is there. Each step compares
/// with the target first, so a replayed statement changes nothing the second time.
/// </summary>
public static class PgDdlTranslator
{
    /// <param name="actions">Actions on tables of the migrated database (source names).</param>
    /// <param name="after">The plan of the source schema after the statement (introspected now).</param>
    /// <param name="stated">The plan of <paramref name="after"/>'s schema with the columns the statement defines as it defines them.</param>
    /// <param name="target">The target schema now.</param>
    /// <param name="definitions">The target's keys, index definitions and computed columns now.</param>
    /// <param name="targetName">The target name the schema translation gives a source table or column name (folding, 63-byte fit).</param>
    /// <param name="selects">Whether the migration's table filter selects a source table of this name (one that may not exist now).</param>
    public static PgDdlTranslation Translate(
        IEnumerable<SourceDdlAction> actions,
        PgSchemaPlan after,
        PgSchemaPlan stated,
        PgTargetCatalog target,
        PgTargetDefinitions definitions,
        Func<string, string> targetName,
        Func<string, bool> selects)
    {
        ArgumentNullException.ThrowIfNull(selects);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(stated);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(targetName);
        var sql = new List<string>();
        var drafts = new Dictionary<string, PgTargetDraft>(StringComparer.Ordinal);
        PgTargetDraft Draft(PgTargetTable table, string qualified) =>
            drafts.TryGetValue(table.Name, out var draft) ? draft : drafts[table.Name] = new PgTargetDraft(table, qualified, definitions.PrimaryKey(table.Name));

        // The target's tables as the statement's renames leave them so far (null: renamed away or dropped), so the
        // steps of RENAME TABLE a TO tmp, b TO a, tmp TO b each see what the ones before did.
        var moved = new Dictionary<string, PgTargetTable?>(StringComparer.Ordinal);
        PgTargetTable? Table(string name) => moved.TryGetValue(name, out var table) ? table : target.Table(name);

        // Tables whose dependent views PostgreSQL would refuse the change under, or would follow to the wrong table.
        var viewsAround = new List<string>();
        void AroundViews(string qualifiedTable)
        {
            if (!viewsAround.Contains(qualifiedTable, StringComparer.Ordinal))
            {
                viewsAround.Add(qualifiedTable);
            }
        }

        var warnings = new List<string>();
        foreach (var action in actions)
        {
            if (action.Kind is SourceDdlKind.View or SourceDdlKind.Trigger or SourceDdlKind.Routine)
            {
                ViewTriggerOrRoutine(action, after, target.Schema, targetName(action.Table.Name), sql, warnings, AroundViews);
                continue;
            }

            var current = Find(after, action.Table.Name);
            var existing = Table(current?.Name ?? targetName(action.Table.Name));
            var qualified = PgIdentifier.Qualify(target.Schema, existing?.Name ?? targetName(action.Table.Name));
            var draft = existing is null ? null : Draft(existing, qualified);
            switch (action.Kind)
            {
                case SourceDdlKind.CreateTable:
                    if (current is not null && existing is null)
                    {
                        sql.AddRange(after.Statements
                            .Where(s => s.Table == current.Name && s.Kind is not (DdlObjectKind.Schema or DdlObjectKind.View or DdlObjectKind.Comment))
                            .Select(s => s.Sql));
                    }
                    else if (current is null && existing is null && action.LikeTable is { } like && selects(action.Table.Name)
                        && Table(Find(after, like.Name)?.Name ?? targetName(like.Name)) is { } model)
                    {
                        // Gone from the source again before the stream got here (an online schema change tool's shadow
                        // table, since renamed): made as MySQL made it, from the table it copies, which the target has
                        // as it was then. Like MySQL's LIKE, PostgreSQL's copies no foreign key.
                        var createdName = targetName(action.Table.Name);
                        sql.Add($"CREATE TABLE {qualified} (LIKE {PgIdentifier.Qualify(target.Schema, model.Name)} INCLUDING ALL)");
                        moved[createdName] = model with { Name = createdName, Indexes = new HashSet<string>(), Constraints = new HashSet<string>() };
                    }

                    break;
                case SourceDdlKind.DropTable:
                    if (existing is not null && current is null)
                    {
                        drafts.Remove(existing.Name);
                        AroundViews(qualified);
                        moved[existing.Name] = null;

                        // CASCADE removes foreign keys pointing at it (MySQL drops it with FOREIGN_KEY_CHECKS=0), never other tables.
                        sql.Add($"DROP TABLE IF EXISTS {qualified} CASCADE");
                    }

                    break;
                case SourceDdlKind.TruncateTable:
                    if (existing is not null)
                    {
                        sql.Add(PgTruncate.Sql(qualified));
                    }

                    break;
                case SourceDdlKind.RenameTable:
                    var newName = action.NewTable!.Name;
                    var fromName = targetName(action.Table.Name);
                    var source = Table(fromName);
                    var toName = Find(after, newName)?.Name ?? targetName(newName);
                    if (source is null)
                    {
                        if (Table(toName) is null && Find(after, newName) is not null && selects(newName))
                        {
                            return PgDdlTranslation.Fail($"{action.Table} becomes {action.NewTable}, a table of this migration, but the target has no {fromName}: its rows are not on the target");
                        }

                        // Not a table of this migration (or renamed before, on a replay).
                        break;
                    }

                    if (!selects(newName))
                    {
                        return PgDdlTranslation.Fail($"{action.Table} was renamed to {action.NewTable}, which is not a table this migration includes");
                    }

                    if (Table(toName) is not null)
                    {
                        // Replayed: the target already has the new name (and the old one still, or this step would have run).
                        return PgDdlTranslation.Fail($"{action.Table} is renamed to {action.NewTable}, but the target has both {fromName} and {toName}");
                    }

                    // The key and index changes before the rename (ALTER TABLE t …, RENAME TO u) are made on the old name.
                    if (drafts.Remove(source.Name, out var before) && PgKeysAndIndexes.Translate(sql, before, after, definitions) is { } failed)
                    {
                        return failed;
                    }

                    AroundViews(PgIdentifier.Qualify(target.Schema, source.Name));
                    sql.Add($"ALTER TABLE {PgIdentifier.Qualify(target.Schema, source.Name)} RENAME TO {PgIdentifier.Quote(toName)}");
                    moved[source.Name] = null;
                    moved[toName] = source with { Name = toName };
                    break;
                case SourceDdlKind.AddColumn:
                    if (draft is null)
                    {
                        break;
                    }

                    var addedTable = Find(stated, action.Table.Name);
                    if (addedTable is null || FindColumn(addedTable, action.Column!) is not { } added)
                    {
                        if (draft.HasColumn(targetName(action.Column!)))
                        {
                            break;
                        }

                        // Neither the statement (its definition not understood) nor the source now says what the column is.
                        return PgDdlTranslation.Fail($"the new column {action.Table}.{action.Column} is no longer on the source, so its definition is unknown");
                    }

                    if (!draft.HasColumn(added.Name))
                    {
                        var definition = ColumnDefinition(stated, addedTable, added)
                            ?? throw new InvalidOperationException($"no definition of {added.Name} in the translated CREATE TABLE {addedTable.Name}");
                        sql.Add($"ALTER TABLE {qualified} ADD COLUMN {definition}");
                        draft.AddColumn(added.Name);
                        foreach (var check in ColumnChecks(stated, addedTable, added).Where(c => !draft.Table.Constraints.Contains(c.Object) && draft.Made.Add(c.Object)))
                        {
                            sql.Add(check.Sql);
                        }
                    }

                    break;
                case SourceDdlKind.DropColumn:
                    var gone = targetName(action.Column!);
                    if (draft is not null && draft.HasColumn(gone))
                    {
                        AroundViews(qualified);
                        sql.Add($"ALTER TABLE {qualified} DROP COLUMN IF EXISTS {PgIdentifier.Quote(gone)}");
                        draft.DropColumn(gone);
                    }

                    break;
                case SourceDdlKind.RenameColumn:
                case SourceDdlKind.ModifyColumn:
                    var changedTable = Find(stated, action.Table.Name);
                    if (draft is null || existing is null || changedTable is null)
                    {
                        break;
                    }

                    if (FindColumn(changedTable, action.NewName ?? action.Column!) is not { } to)
                    {
                        return PgDdlTranslation.Fail($"the column {action.Table}.{action.NewName ?? action.Column} is no longer on the source, so its definition is unknown");
                    }

                    var oldName = targetName(action.Column!);
                    if (draft.HasColumn(oldName) || draft.HasColumn(to.Name))
                    {
                        ReplaceColumnChecks(sql, draft, qualified, oldName, ColumnChecks(stated, changedTable, to), definitions);
                    }

                    if (oldName != to.Name && draft.HasColumn(oldName) && !draft.HasColumn(to.Name))
                    {
                        sql.Add($"ALTER TABLE {qualified} RENAME COLUMN {PgIdentifier.Quote(oldName)} TO {PgIdentifier.Quote(to.Name)}");
                        draft.RenameColumn(oldName, to.Name);
                        if (ChangeColumn(sql, draft, qualified, existing.Columns[oldName], to, ColumnDefinition(stated, changedTable, to), definitions.IsComputed(existing.Name, oldName)))
                        {
                            AroundViews(qualified);
                        }
                    }
                    else if (draft.HasColumn(to.Name) && existing.Columns.TryGetValue(to.Name, out var now))
                    {
                        if (ChangeColumn(sql, draft, qualified, now, to, ColumnDefinition(stated, changedTable, to), definitions.IsComputed(existing.Name, to.Name)))
                        {
                            AroundViews(qualified);
                        }
                    }

                    break;
                case SourceDdlKind.AddPrimaryKey:
                    draft?.SetPrimaryKey([.. action.KeyColumns!.Select(c => Find(stated, action.Table.Name) is { } t && FindColumn(t, c) is { } k ? k.Name : targetName(c))]);
                    break;
                case SourceDdlKind.DropPrimaryKey:
                    draft?.SetPrimaryKey(null);
                    break;
                case SourceDdlKind.Indexes:
                    if (draft is not null && current is not null)
                    {
                        draft.IndexesChanged = true;
                    }

                    break;
                default:
                    return PgDdlTranslation.Fail($"{action.Kind} is not supported");
            }
        }

        // MySQL changes an ALTER TABLE's keys after its columns: a key may name a column the same statement adds.
        foreach (var draft in drafts.Values)
        {
            if (PgKeysAndIndexes.Translate(sql, draft, after, definitions) is { } failed)
            {
                return failed;
            }
        }

        return new PgDdlTranslation(sql, null) { ViewsAround = viewsAround, Warnings = warnings };
    }

    /// <summary>
    /// A view, trigger or routine created, replaced or dropped on the source: dropped on the target, then made again as the
    /// source schema now translates it (the same translator as <c>godwit schema</c>), or left out with a warning when it
    /// is not translated. Views on a replaced view are taken down and made again around it.
    /// </summary>
    private static void ViewTriggerOrRoutine(
        SourceDdlAction action, PgSchemaPlan after, string schema, string name, List<string> sql, List<string> warnings, Action<string> aroundViews)
    {
        var (kind, what) = action.Kind switch
        {
            SourceDdlKind.View => (DdlObjectKind.View, "view"),
            SourceDdlKind.Trigger => (DdlObjectKind.Trigger, "trigger"),
            _ => (DdlObjectKind.Function, "routine"),
        };
        var qualified = PgIdentifier.Qualify(schema, name);
        switch (action.Kind)
        {
            case SourceDdlKind.View:
                aroundViews(qualified);
                sql.Add($"DROP VIEW IF EXISTS {qualified}");
                break;
            case SourceDdlKind.Trigger:
                // The trigger goes with its function.
                sql.Add($"DROP FUNCTION IF EXISTS {PgIdentifier.Qualify(schema, PgIdentifier.Fit(name + "_fn"))}() CASCADE");
                break;
            default:
                sql.Add($"DROP ROUTINE IF EXISTS {qualified}");
                break;
        }

        var create = after.Statements.Where(s => s.Kind == kind && string.Equals(s.Object, name, StringComparison.Ordinal)).Select(s => s.Sql).ToList();
        sql.AddRange(create);
        var untranslated = after.Untranslated.FirstOrDefault(u => u.Name.EndsWith("." + action.Table.Name, StringComparison.OrdinalIgnoreCase)
            && (u.Kind == what || (what == "routine" && u.Kind is "function" or "procedure")));
        if (create.Count == 0 && untranslated is not null)
        {
            warnings.Add($"{what} {action.Table.Name} is not translated ({untranslated.Reason}); it is not on the target: create it by hand");
        }
    }

    /// <summary>
    /// Brings a column to its new type and default. The default is set again each time (cheap, and the same when
    /// replayed); it is dropped first when the type changes, as the old default may not cast to the new type. Its
    /// NULL-ness waits for the key the statement leaves (<see cref="PgTargetDraft.NotNullChanges"/>).
    /// </summary>
    /// <returns>Whether the column's type changes (PostgreSQL refuses that under a view using the column).</returns>
    private static bool ChangeColumn(List<string> sql, PgTargetDraft draft, string table, (string Type, bool NotNull) now, PgColumnMapping to, string? definition, bool computedOnTarget)
    {
        var name = PgIdentifier.Quote(to.Name);
        var type = to.Cast.TargetType.ToSql();
        var plainDefault = !computedOnTarget && !to.IsIdentity && !to.IsGeneratedOnTarget;
        if (!PgFormattedType.Same(now.Type, type))
        {
            if (plainDefault)
            {
                sql.Add($"ALTER TABLE {table} ALTER COLUMN {name} DROP DEFAULT");
            }

            sql.Add($"ALTER TABLE {table} ALTER COLUMN {name} TYPE {type} USING {name}::text::{type}");
        }

        if (plainDefault && definition is not null)
        {
            sql.Add(DefaultOf(definition, name, type, to.Source.IsNullable) is { } value
                ? $"ALTER TABLE {table} ALTER COLUMN {name} SET DEFAULT {value}"
                : $"ALTER TABLE {table} ALTER COLUMN {name} DROP DEFAULT");
        }

        draft.StateNotNull(to.Name, now.NotNull, !to.Source.IsNullable);
        return !PgFormattedType.Same(now.Type, type);
    }

    /// <summary>The DEFAULT expression of a column line as <see cref="PgDdlGenerator"/> writes it (<c>"c" type [DEFAULT expr] [NOT NULL]</c>).</summary>
    private static string? DefaultOf(string definition, string quotedName, string type, bool nullable)
    {
        var rest = definition.StartsWith(quotedName + " " + type, StringComparison.Ordinal) ? definition[(quotedName.Length + type.Length + 1)..] : null;
        if (rest is not null && !nullable && rest.EndsWith(" NOT NULL", StringComparison.Ordinal))
        {
            rest = rest[..^" NOT NULL".Length];
        }

        return rest is not null && rest.StartsWith(" DEFAULT ", StringComparison.Ordinal) ? rest[" DEFAULT ".Length..] : null;
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

    /// <summary>
    /// The CHECK <see cref="PgDdlGenerator"/> gives an ENUM or SET column kept as text (its labels): part of the
    /// column's definition, so it comes and changes with the column (MODIFY … ENUM('a', 'b', 'new')).
    /// </summary>
    private static List<DdlStatement> ColumnChecks(PgSchemaPlan plan, PgTableMapping table, PgColumnMapping column)
    {
        var name = PgIdentifier.Quote(column.Name);
        return [.. plan.Statements.Where(s => s.Table == table.Name && s.Kind == DdlObjectKind.Check
            && (s.Sql.Contains($" CHECK ({name} IN (", StringComparison.Ordinal) || s.Sql.Contains($" CHECK ({name} <@ ARRAY[", StringComparison.Ordinal)))];
    }

    /// <summary>Drops the labels CHECK the column had (under its old or new name) and adds the one its definition now gives, after the column's own change.</summary>
    private static void ReplaceColumnChecks(List<string> sql, PgTargetDraft draft, string table, string oldColumn, List<DdlStatement> checks, PgTargetDefinitions definitions)
    {
        // Only labels CHECKs are the column's own (a CHECK of the source's may carry a name like it).
        var old = PgIdentifier.Fit($"{draft.Table.Name}_{oldColumn}_check");
        foreach (var name in checks.Select(c => c.Object).Append(old).Distinct(StringComparer.Ordinal)
            .Where(n => draft.Table.Constraints.Contains(n) && definitions.IsLabelsCheck(draft.Table.Name, n)))
        {
            sql.Add($"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {PgIdentifier.Quote(name)}");
        }

        draft.DeferredChecks.AddRange(checks.Where(c => draft.Made.Add(c.Object)).Select(c => c.Sql));
    }

    private static PgTableMapping? Find(PgSchemaPlan plan, string sourceTable) =>
        plan.Tables.FirstOrDefault(t => string.Equals(t.Source.Name, sourceTable, StringComparison.Ordinal))
        ?? plan.Tables.FirstOrDefault(t => string.Equals(t.Source.Name, sourceTable, StringComparison.OrdinalIgnoreCase));

    private static PgColumnMapping? FindColumn(PgTableMapping table, string sourceColumn) =>
        table.Columns.FirstOrDefault(c => string.Equals(c.Source.Name, sourceColumn, StringComparison.OrdinalIgnoreCase));
}
