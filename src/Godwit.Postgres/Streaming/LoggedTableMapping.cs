using Godwit.Core.Ddl;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;
using Godwit.Core.Types;
using Godwit.Postgres.Apply;

namespace Godwit.Postgres.Streaming;

/// <summary>
/// How a table's row events are applied, with the schema in force where they were logged. The stream knows the source
/// schema only as it is now (<see cref="SourceModel"/>), but it may be reading changes logged before an ALTER TABLE
/// that has happened since (it starts behind: from the copy's position or after a stop). Row images are laid out as
/// their TABLE_MAP says, and with binlog_row_metadata=FULL that map names each column and gives its type and the
/// primary key as they were then. The target holds exactly the changes up to the stream's position, DDL included
/// (<see cref="PgTargetCatalog"/>), so its tables and columns are the other half of the schema at that point.
/// <para>
/// So a logged column that the schema now has unchanged (same name, a type the value conversion treats alike, the same
/// target type) uses the copy's mapping and cast; any other column is matched to the target by its logged name and
/// converted from its logged type to the target column's type now: a column since renamed still fills its old target
/// column, a column since dropped is still written (it may be NOT NULL there), a type since modified is converted from
/// what it was. A table since renamed or dropped is found on the target under its logged name. The DDL events that
/// follow in the stream then carry the target along, as before. Without column names (binlog_row_metadata=MINIMAL)
/// there is nothing to compare, and the schema now is used by position.
/// </para>
/// </summary>
public static class LoggedTableMapping
{
    /// <summary>The mapping to apply <paramref name="map"/>'s rows with; null when its table is not migrated.</summary>
    public static PgTableMapping? For(ChangeTable map, SourceModel model, PgTargetCatalog catalog)
    {
        var now = model.Table(map.Schema, map.Name);
        if (!map.HasColumnMetadata || map.Columns.Any(c => c.Name is null))
        {
            return now;
        }

        // A table the schema no longer has (renamed or dropped since): in the schema of its own name when the
        // migration moves several, else in the one target schema.
        var targetSchema = now?.Schema ?? (model.Database.KeysBySchema ? map.Schema : catalog.Schema);
        var targetName = now?.Name ?? model.TargetName(map.Name);
        var routed = false;
        if (map.PartitionRoot is { } root && catalog.Table(targetSchema, targetName) is null && catalog.Table(targetSchema, model.TargetName(root)) is not null)
        {
            // A partition the target lacks (attached on the source after the migration started, or laid out
            // differently there): its rows go into the target's partitioned root, which routes them into its own
            // partitions, or refuses a row none of them takes, and the stream stops there.
            targetName = model.TargetName(root);
            routed = true;
        }

        if (catalog.Table(targetSchema, targetName) is not { } target || (now is null && !routed && !model.Selects(map.Schema, map.Name)))
        {
            // A table the target does not have: the caller says so for a table the schema has now, and passes over any other.
            return now;
        }

        var changed = routed || now is null || now.Columns.Count != map.Columns.Count;
        var sourceColumns = new List<SourceColumn>(map.Columns.Count);
        var columns = new List<PgColumnMapping>(map.Columns.Count);
        foreach (var logged in map.Columns)
        {
            var name = logged.Name!;
            var type = logged.Type;
            var current = now?.Columns.FirstOrDefault(c => string.Equals(c.Source.Name, name, StringComparison.OrdinalIgnoreCase));
            if (current is not null && (current.IsGeneratedOnTarget || StillApplies(current, type, target)))
            {
                sourceColumns.Add(current.Source);
                columns.Add(current);
                continue;
            }

            changed = true;
            var column = new SourceColumn { Name = name, Ordinal = logged.Ordinal + 1, Type = type, IsNullable = logged.IsNullable };
            sourceColumns.Add(column);
            var columnTarget = current?.Name ?? model.TargetName(name);
            if (target.Columns.TryGetValue(columnTarget, out var onTarget))
            {
                columns.Add(new PgColumnMapping(column, columnTarget, Cast(model, map, column, onTarget.Type, targetSchema, targetName, columnTarget)));
            }
        }

        var key = map.PrimaryKey.Select(i => map.Columns[i].Name!).ToList();
        var keyNow = now?.Source.PrimaryKey?.Parts.Select(p => p.Column ?? string.Empty).ToList() ?? [];
        changed |= !key.SequenceEqual(keyNow, StringComparer.OrdinalIgnoreCase);
        if (!changed)
        {
            return now;
        }

        var source = new SourceTable
        {
            Schema = map.Schema,
            Name = map.Name,
            KeyedBySchema = model.Database.KeysBySchema,
            Columns = sourceColumns,
            Indexes = key.Count == 0
                ? []
                : [new SourceIndex { Name = "PRIMARY", Kind = IndexKind.Primary, Parts = [.. key.Select(k => new SourceIndexPart { Column = k })] }],
        };
        return new PgTableMapping(source, targetSchema, targetName, columns);
    }

    /// <summary>
    /// Whether the column's mapping now also converts the logged values: the target column still has the type the
    /// mapping writes, and the logged type is of the family the conversion was chosen for (a BIT(1) since changed to
    /// TINYINT(1) is boolean on the target either way, but its logged values are bits, not digits).
    /// </summary>
    private static bool StillApplies(PgColumnMapping current, MySqlType logged, PgTargetTable target)
    {
        if (!target.Columns.TryGetValue(current.Name, out var onTarget))
        {
            // Not on the target (a DDL passed over with --on-ddl ignore): not written either way.
            return true;
        }

        var type = current.Source.Type;

        // MariaDB's JSON is a LONGTEXT in the binlog.
        var family = type.IsJsonAlias ? MySqlTypeFamily.Text : type.Family;
        return PgFormattedType.Same(onTarget.Type, current.Cast.TargetType.ToSql())
            && family == logged.Family
            && (family != MySqlTypeFamily.Bit || (type.Length ?? 1) == logged.Length);
    }

    /// <summary>The cast from the logged type to the target column's type now, with the spec's zero-date and enum choices for the column.</summary>
    private static ColumnCast Cast(SourceModel model, ChangeTable map, SourceColumn column, string targetType, string schema, string targetTable, string targetColumn)
    {
        var table = map.Name;
        var target = PgFormattedType.Parse(targetType, schema);
        if (column.Type.IsForeign)
        {
            // A PostgreSQL source: the value is the logged type's own text, which the target column's type parses.
            return new ColumnCast
            {
                SourceSchema = map.Schema,
                SourceTable = table,
                Column = column,
                TargetType = target,
                Conversion = new ValueConversion(ValueConversionKind.Native),
                Origin = "wal",
            };
        }

        var kind = TypeMapping.ConversionFor(column.Type, target)
            ?? throw new SyncException(
                $"{model.Database.Name}.{table}.{column.Name} was {column.Type} when the change being applied was logged, and there is no conversion from it "
                + $"to {target}, the type of {PgIdentifier.Qualify(schema, targetTable)}.{PgIdentifier.Quote(targetColumn)} on the target. "
                + "Change that column on the target by hand and restart, or restart with --from a position after the ALTER TABLE.");
        ColumnCast? ruled;
        try
        {
            ruled = model.Rules.Resolve(model.Database.Name, table, column);
        }
        catch (CastRuleException)
        {
            // A rule's target type does not fit the logged type: the target column decides the type anyway.
            ruled = null;
        }

        var zeroDates = ruled?.Conversion.ZeroDates ?? ZeroDatePolicy.Null;
        return new ColumnCast
        {
            SourceSchema = model.Database.Name,
            SourceTable = table,
            Column = column,
            TargetType = target,
            Conversion = new ValueConversion(kind)
            {
                ZeroDates = zeroDates == ZeroDatePolicy.Keep && !target.IsTextLike ? ZeroDatePolicy.Null : zeroDates,
                BitLength = column.Type.Family == MySqlTypeFamily.Bit ? column.Type.Length ?? 1 : 0,
                Scale = target.Name == "numeric" && target.Modifiers?.Split(',') is [_, var s] ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null,
            },
            EnumPolicy = ruled?.EnumPolicy ?? EnumPolicy.TextCheck,
            Origin = "binlog",
        };
    }
}
