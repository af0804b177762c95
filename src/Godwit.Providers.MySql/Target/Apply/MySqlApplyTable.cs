using System.Text;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// How one logged table's row changes are written to a MySQL target, in the apply transaction. A keyed table's insert
/// and update are an upsert of the after image by its key (<c>INSERT … ON DUPLICATE KEY UPDATE</c>), so a change the
/// copy's snapshot already holds lands once; an update that moves the key deletes the old key first. A keyless
/// table's rows are matched on every column, one row at a time (<c>LIMIT 1</c>). A TRUNCATE is a DELETE: MySQL's
/// TRUNCATE would commit the apply transaction, and the position with it, before the rows. Tables and columns are
/// found on the target whatever their case (<see cref="MySqlTargetCatalog"/>); values are statement parameters: a
/// MySQL source's text (bytes for binary columns) as it is, a PostgreSQL source's text through
/// <see cref="PgTextToMySql"/>. Columns the target computes are left to it.
/// </summary>
internal sealed class MySqlApplyTable : IApplyTable
{
    private readonly MySqlApplyStatements _statements;
    private readonly string _table;
    private readonly MySqlApplyColumn[] _columns;
    private readonly MySqlApplyColumn[] _key;

    public MySqlApplyTable(ChangeTable logged, PgTableMapping mapping, MySqlTargetCatalog catalog, MySqlApplyStatements statements)
    {
        ArgumentNullException.ThrowIfNull(logged);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(catalog);
        _statements = statements;
        SourceName = mapping.Source.QualifiedName;
        var target = catalog.Table(mapping.Name)
            ?? throw new SyncException($"{SourceName} has changes to apply but `{mapping.Schema}`.`{mapping.Name}` is not on the target: create it first (godwit schema or migrate).");
        _table = MySqlIdentifier.Quote(mapping.Schema) + "." + MySqlIdentifier.Quote(target.Name);
        var byOrdinal = mapping.Columns.OrderBy(c => c.Source.Ordinal).ToList();
        var columns = new List<MySqlApplyColumn>();
        foreach (var column in logged.Columns)
        {
            var name = column.Name ?? (column.Ordinal < byOrdinal.Count ? byOrdinal[column.Ordinal].Name : null);
            if (name is null || !target.Columns.TryGetValue(name, out var onTarget))
            {
                throw new SyncException(
                    $"{SourceName}: the logged column {name ?? "#" + (column.Ordinal + 1)} is not in {_table} on the target "
                    + "(a schema change the MySQL target does not follow yet): apply the change on the target and restart the stream after it.");
            }

            if (!onTarget.IsGenerated)
            {
                columns.Add(new MySqlApplyColumn(column.Ordinal, onTarget, column.Type.IsForeign ? column.Type.ColumnType : null));
            }
        }

        _columns = [.. columns];
        var keyNames = mapping.Source.PrimaryKey?.Parts.Where(p => p.Column is not null).Select(p => p.Column!).ToList() ?? [];
        var key = keyNames.Select(k => _columns.FirstOrDefault(c => string.Equals(c.Target.Name, k, StringComparison.OrdinalIgnoreCase))).ToList();
        HasKey = keyNames.Count > 0 && key.All(k => k is not null);
        _key = HasKey ? [.. key.Select(k => k!)] : _columns;
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
            var sql = $"UPDATE {_table} SET {string.Join(", ", set.Select(c => c.Quoted + " = ?"))} WHERE {Match(where)} LIMIT 1";
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
        var sql = new StringBuilder($"INSERT INTO {_table} ({string.Join(", ", columns.Select(c => c.Quoted))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})");
        if (HasKey)
        {
            // VALUES(col) is deprecated on MySQL 8.0.20+ but still accepted, and MariaDB knows no other spelling.
            sql.Append(" ON DUPLICATE KEY UPDATE ").AppendJoin(", ", columns.Select(c => $"{c.Quoted} = VALUES({c.Quoted})"));
        }

        await _statements.ExecuteAsync(sql.ToString(), Values(after, columns), cancellationToken);
    }

    private bool KeyMoved(ISourceRowImage before, ISourceRowImage after)
    {
        foreach (var c in _key)
        {
            if (before.IsIncluded(c.Ordinal) && after.IsIncluded(c.Ordinal)
                && (before.IsNull(c.Ordinal) != after.IsNull(c.Ordinal) || !before.GetText(c.Ordinal).SequenceEqual(after.GetText(c.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    private MySqlApplyColumn[] Included(ISourceRowImage image, MySqlApplyColumn[] columns)
    {
        var included = columns.Where(c => image.IsIncluded(c.Ordinal)).ToArray();
        return included.Length > 0
            ? included
            : throw new SyncException($"{SourceName}: a row image carries none of the columns needed to apply it (binlog_row_image=MINIMAL on a table without a key?)");
    }

    private static string Match(MySqlApplyColumn[] columns) => string.Join(" AND ", columns.Select(c => c.Quoted + " <=> ?"));

    private object?[] Values(ISourceRowImage image, MySqlApplyColumn[] columns)
    {
        var values = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            if (image.IsNull(c.Ordinal))
            {
                continue;
            }

            var text = image.GetText(c.Ordinal);
            try
            {
                values[i] = c.PgType is { } pgType
                    ? PgTextToMySql.Convert(pgType, text, c.Target)
                    : c.Target.IsBinary ? text.ToArray() : Encoding.UTF8.GetString(text);
            }
            catch (FormatException ex)
            {
                throw new SyncException($"{SourceName}: row {DescribeKey(image)}, column {c.Target.Name}: {ex.Message}", ex);
            }
        }

        return values;
    }

    private string DescribeKey(ISourceRowImage image) =>
        string.Join(", ", _key.Take(3).Select(k => $"{k.Target.Name}={(image.IsIncluded(k.Ordinal) && !image.IsNull(k.Ordinal) ? Encoding.UTF8.GetString(image.GetText(k.Ordinal)) : "NULL")}"));
}
