using System.Text;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;
using Godwit.Providers.MySql.Target.Copy;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// How one logged table's row changes are written to a MySQL target, in the apply transaction. A keyed table's insert
/// and update are an upsert of the after image by its key (<c>INSERT … ON DUPLICATE KEY UPDATE</c>), so a change the
/// copy's snapshot already holds lands once; an update that moves the key deletes the old key first. A keyless
/// table's rows are matched on every column, one row at a time (<c>LIMIT 1</c>). A TRUNCATE is a DELETE: MySQL's
/// TRUNCATE would commit the apply transaction, and the position with it, before the rows. Values are the logged text
/// (or bytes, for binary columns) as statement parameters; generated columns are left to the target.
/// </summary>
internal sealed class MySqlApplyTable : IApplyTable
{
    private readonly MySqlApplyStatements _statements;
    private readonly string _table;
    private readonly (int Ordinal, string Column, bool Binary)[] _columns;
    private readonly (int Ordinal, string Column, bool Binary)[] _key;

    public MySqlApplyTable(ChangeTable logged, PgTableMapping mapping, MySqlApplyStatements statements)
    {
        ArgumentNullException.ThrowIfNull(logged);
        ArgumentNullException.ThrowIfNull(mapping);
        _statements = statements;
        SourceName = mapping.Source.QualifiedName;
        _table = Core.Ddl.MySqlIdentifier.Quote(mapping.Schema) + "." + Core.Ddl.MySqlIdentifier.Quote(mapping.Name);
        var byOrdinal = mapping.Columns.OrderBy(c => c.Source.Ordinal).ToList();
        var columns = new List<(int, string, bool)>();
        foreach (var column in logged.Columns)
        {
            var target = column.Name is { } name
                ? mapping.Columns.FirstOrDefault(c => string.Equals(c.Source.Name, name, StringComparison.OrdinalIgnoreCase))
                : column.Ordinal < byOrdinal.Count ? byOrdinal[column.Ordinal] : null;
            if (target is null)
            {
                throw new SyncException(
                    $"{SourceName}: the logged column {column.Name ?? "#" + (column.Ordinal + 1)} is not in the table as the source has it now "
                    + "(a schema change the MySQL target does not follow yet): apply the change on the target and restart the stream after it.");
            }

            if (!target.IsGeneratedOnTarget)
            {
                columns.Add((column.Ordinal, target.Name, MySqlLoadDataTable.IsBinary(target.Source)));
            }
        }

        _columns = [.. columns];
        var keyNames = mapping.Source.PrimaryKey?.Parts.Where(p => p.Column is not null).Select(p => p.Column!).ToList() ?? [];
        var key = keyNames.Select(k => _columns.FirstOrDefault(c => string.Equals(c.Column, k, StringComparison.OrdinalIgnoreCase))).ToList();
        HasKey = keyNames.Count > 0 && key.All(k => k.Column is not null);
        _key = HasKey ? [.. key] : _columns;
    }

    public string SourceName { get; }

    public bool HasKey { get; }

    public ValueTask AddInsertAsync(ISourceRowImage after, CancellationToken cancellationToken) => UpsertAsync(after, cancellationToken);

    public async ValueTask AddUpdateAsync(ISourceRowImage before, ISourceRowImage after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (!HasKey)
        {
            var set = Included(after, _columns);
            var where = Included(before, _columns);
            var sql = $"UPDATE {_table} SET {string.Join(", ", set.Select(c => Core.Ddl.MySqlIdentifier.Quote(c.Column) + " = ?"))} WHERE {Match(where)} LIMIT 1";
            await _statements.ExecuteAsync(sql, [.. Values(after, set), .. Values(before, where)], cancellationToken);
            return;
        }

        if (KeyMoved(before, after))
        {
            await AddDeleteAsync(before, cancellationToken);
        }

        await UpsertAsync(after, cancellationToken);
    }

    public async ValueTask AddDeleteAsync(ISourceRowImage before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        var where = Included(before, _key);
        var sql = $"DELETE FROM {_table} WHERE {Match(where)}{(HasKey ? string.Empty : " LIMIT 1")}";
        await _statements.ExecuteAsync(sql, Values(before, where), cancellationToken);
    }

    public async ValueTask AddTruncateAsync(CancellationToken cancellationToken) =>
        await _statements.ExecuteAsync($"DELETE FROM {_table}", [], cancellationToken);

    private async ValueTask UpsertAsync(ISourceRowImage after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        var columns = Included(after, _columns);
        var names = string.Join(", ", columns.Select(c => Core.Ddl.MySqlIdentifier.Quote(c.Column)));
        var sql = new StringBuilder($"INSERT INTO {_table} ({names}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})");
        if (HasKey)
        {
            // VALUES(col) is deprecated on MySQL 8.0.20+ but still accepted, and MariaDB knows no other spelling.
            sql.Append(" ON DUPLICATE KEY UPDATE ")
                .Append(string.Join(", ", columns.Select(c => $"{Core.Ddl.MySqlIdentifier.Quote(c.Column)} = VALUES({Core.Ddl.MySqlIdentifier.Quote(c.Column)})")));
        }

        await _statements.ExecuteAsync(sql.ToString(), Values(after, columns), cancellationToken);
    }

    private bool KeyMoved(ISourceRowImage before, ISourceRowImage after)
    {
        foreach (var (ordinal, _, _) in _key)
        {
            if (!before.IsIncluded(ordinal) || !after.IsIncluded(ordinal))
            {
                continue;
            }

            if (before.IsNull(ordinal) != after.IsNull(ordinal) || !before.GetText(ordinal).SequenceEqual(after.GetText(ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private (int Ordinal, string Column, bool Binary)[] Included(ISourceRowImage image, (int Ordinal, string Column, bool Binary)[] columns)
    {
        var included = columns.Where(c => image.IsIncluded(c.Ordinal)).ToArray();
        if (included.Length == 0)
        {
            throw new SyncException($"{SourceName}: a row image carries none of the columns needed to apply it (binlog_row_image=MINIMAL on a table without a key?)");
        }

        return included;
    }

    private static string Match((int Ordinal, string Column, bool Binary)[] columns) =>
        string.Join(" AND ", columns.Select(c => Core.Ddl.MySqlIdentifier.Quote(c.Column) + " <=> ?"));

    private static object?[] Values(ISourceRowImage image, (int Ordinal, string Column, bool Binary)[] columns)
    {
        var values = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var (ordinal, _, binary) = columns[i];
            values[i] = image.IsNull(ordinal) ? null : binary ? image.GetText(ordinal).ToArray() : Encoding.UTF8.GetString(image.GetText(ordinal));
        }

        return values;
    }
}
