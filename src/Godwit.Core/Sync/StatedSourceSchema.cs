using Godwit.Core.Schema;

namespace Godwit.Core.Sync;

/// <summary>
/// The source schema as a DDL statement leaves the columns it defines: the schema now (introspected when the change
/// stream reaches the statement, so possibly later than it) with each column the statement defines in ADD, MODIFY or
/// CHANGE COLUMN put in as the statement defines it. The change stream translates that through the same cast rules
/// and DDL generation as the schema, so a column added and dropped again before the stream gets there is still
/// added as it was. A table the source no longer has appears with just the stated columns.
/// </summary>
public static class StatedSourceSchema
{
    /// <param name="now">The source schema now.</param>
    /// <param name="actions">The statement's actions on tables of <paramref name="now"/>'s database.</param>
    /// <returns><paramref name="now"/> itself when the statement defines no column.</returns>
    public static SourceDatabase Apply(SourceDatabase now, IEnumerable<SourceDdlAction> actions)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(actions);
        var all = actions.ToList();
        var stated = all.Where(a => a.Definition is not null).ToList();
        if (stated.Count == 0)
        {
            return now;
        }

        var tables = now.Tables.ToList();
        foreach (var action in stated)
        {
            var index = tables.FindIndex(t => string.Equals(t.Name, action.Table.Name, StringComparison.Ordinal));
            if (index < 0)
            {
                index = tables.FindIndex(t => string.Equals(t.Name, action.Table.Name, StringComparison.OrdinalIgnoreCase));
            }

            if (index < 0)
            {
                tables.Add(new SourceTable { Schema = now.Name, Name = action.Table.Name });
                index = tables.Count - 1;
            }

            tables[index] = WithColumn(tables[index], Column(action.Definition!, now.IsMariaDb, InKeyLeftBehind(action, all)));
        }

        return now with { Tables = tables };
    }

    /// <summary>
    /// Whether the statement's own ADD PRIMARY KEY puts the column in the key (its last ADD or DROP PRIMARY KEY is the
    /// key it leaves): MySQL makes key columns NOT NULL whatever their definition says. Whether a column stays in the key
    /// the table already had is for the target's key to say (<c>PgDdlTranslator</c>): the source schema now may be
    /// later than the statement, with another key.
    /// </summary>
    private static bool InKeyLeftBehind(SourceDdlAction action, List<SourceDdlAction> all) =>
        all.LastOrDefault(a => a.Table == action.Table && a.Kind is SourceDdlKind.AddPrimaryKey or SourceDdlKind.DropPrimaryKey) is { KeyColumns: { } key }
        && key.Contains(action.Definition!.Name, StringComparer.OrdinalIgnoreCase);

    private static SourceColumn Column(SourceColumn stated, bool isMariaDb, bool inPrimaryKey)
    {
        var column = inPrimaryKey ? MySqlColumnDefinitionReader.AsKeyColumn(stated) : stated;

        // MariaDB's JSON is an alias: LONGTEXT with a json_valid() CHECK, which is how introspection shows it.
        return isMariaDb && column.Type.Name == "json"
            ? column with { Type = MySqlType.Parse("longtext") with { IsJsonAlias = true } }
            : column;
    }

    /// <summary>The table with the column in place of its namesake, or added after the others.</summary>
    private static SourceTable WithColumn(SourceTable table, SourceColumn column)
    {
        var columns = table.Columns.ToList();
        var at = columns.FindIndex(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase));
        if (at >= 0)
        {
            columns[at] = column with { Ordinal = columns[at].Ordinal };
        }
        else
        {
            columns.Add(column with { Ordinal = columns.Count == 0 ? 1 : columns.Max(c => c.Ordinal) + 1 });
        }

        return table with { Columns = columns };
    }
}
