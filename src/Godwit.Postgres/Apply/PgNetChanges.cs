using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Sync;
using Godwit.Postgres.Copy;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The net effect of many source changes to one table, applied as a few set statements instead of one statement per
/// row: within the target transaction that commits a group of source transactions with their position, only each
/// key's last state is visible after COMMIT, so each key's last full image is upserted and each key whose last change
/// was a delete is deleted. The images go to temporary tables by binary COPY, encoded exactly as the copy encodes rows
/// (<see cref="PgBinaryRows"/>), then <c>DELETE … USING</c> and <c>INSERT … SELECT … ON CONFLICT DO UPDATE</c>.
/// <para>
/// Only for tables where order inside the group cannot matter (<see cref="PgNetChangeEligibility"/>): a primary key,
/// no other unique index (a unique value moving between rows needs the source's order), no foreign key either way
/// (reproduced cascades act in order) and no trigger that fires for the apply.
/// </para>
/// </summary>
internal sealed class PgNetChanges
{
    private const int FlushRows = 20_000;

    private readonly PgApplyColumn[] _columns;
    private readonly int[] _keyColumns;
    private readonly RowBatch _upserts;
    private readonly RowBatch _deletes;
    private readonly PgBinaryRows _upsertRows;
    private readonly PgBinaryRows _deleteRows;
    private readonly RowBatchImage _upsertImage;
    private readonly RowBatchImage _deleteImage;

    /// <summary>Each key's last change: the row in <see cref="_upserts"/>, or the complement of the row in <see cref="_deletes"/>.</summary>
    private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);
    private readonly StringBuilder _key = new();
    private readonly string _upsertTable;
    private readonly string _deleteTable;

    /// <exception cref="InvalidOperationException">A column has no binary COPY encoding (the table keeps to statements).</exception>
    public PgNetChanges(string targetTable, PgApplyColumn[] columns, PgApplyColumn[] key, int serial)
    {
        _columns = columns;
        _keyColumns = [.. key.Select(k => Array.IndexOf(columns, k))];
        _upserts = new RowBatch(columns.Length, FlushRows);
        _deletes = new RowBatch(key.Length, FlushRows);
        _upsertRows = new PgBinaryRows(columns.Select(c => new PgColumnMapping(c.Cast.Column, c.TargetName, c.Cast)));
        _deleteRows = new PgBinaryRows(key.Select(c => new PgColumnMapping(c.Cast.Column, c.TargetName, c.Cast)));
        var maxOrdinal = columns.Max(c => c.SourceOrdinal);
        var upsertMap = Enumerable.Repeat(-1, maxOrdinal + 1).ToArray();
        var deleteMap = Enumerable.Repeat(-1, maxOrdinal + 1).ToArray();
        for (var i = 0; i < columns.Length; i++)
        {
            upsertMap[columns[i].SourceOrdinal] = i;
        }

        for (var i = 0; i < key.Length; i++)
        {
            deleteMap[key[i].SourceOrdinal] = i;
        }

        _upsertImage = new RowBatchImage(_upserts, upsertMap);
        _deleteImage = new RowBatchImage(_deletes, deleteMap);

        // Temporary tables of this session, one pair per table layout, emptied after each use.
        _upsertTable = PgIdentifier.Quote($"godwit_net_{serial}_u");
        _deleteTable = PgIdentifier.Quote($"godwit_net_{serial}_d");
        var columnList = string.Join(", ", columns.Select(c => c.QuotedName));
        var keyList = string.Join(", ", key.Select(k => k.QuotedName));
        var sets = columns.Where(c => !key.Contains(c)).Select(c => $"{c.QuotedName} = EXCLUDED.{c.QuotedName}").ToList();
        CreateSql = $"CREATE TEMP TABLE IF NOT EXISTS {_upsertTable} ({string.Join(", ", columns.Select(c => $"{c.QuotedName} {c.Cast.TargetType.ToSql()}"))}); "
            + $"CREATE TEMP TABLE IF NOT EXISTS {_deleteTable} ({string.Join(", ", key.Select(c => $"{c.QuotedName} {c.Cast.TargetType.ToSql()}"))})";
        UpsertCopySql = _upsertRows.CopySql(_upsertTable);
        DeleteCopySql = _deleteRows.CopySql(_deleteTable);
        DeleteSql = $"DELETE FROM {targetTable} t USING {_deleteTable} d WHERE {string.Join(" AND ", key.Select(k => $"t.{k.QuotedName} = d.{k.QuotedName}"))}; TRUNCATE {_deleteTable}";
        UpsertSql = $"INSERT INTO {targetTable} ({columnList}) SELECT {columnList} FROM {_upsertTable} ON CONFLICT ({keyList}) DO "
            + (sets.Count == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", sets)) + $"; TRUNCATE {_upsertTable}";
    }

    public int Count => _last.Count;

    public string CreateSql { get; }

    public string UpsertCopySql { get; }

    public string DeleteCopySql { get; }

    public string DeleteSql { get; }

    public string UpsertSql { get; }

    /// <summary>The key's state is now this full image.</summary>
    public void Upsert(ISourceRowImage image)
    {
        for (var column = 0; column < _columns.Length; column++)
        {
            var ordinal = _columns[column].SourceOrdinal;
            if (image.IsNull(ordinal))
            {
                _upserts.SetNull(column);
            }
            else
            {
                _upserts.SetValue(column, image.GetText(ordinal));
            }
        }

        _upserts.CommitRow();
        _last[Key(image)] = _upserts.Count - 1;
    }

    /// <summary>The key (of <paramref name="before"/>) is gone now.</summary>
    public void Delete(ISourceRowImage before)
    {
        for (var i = 0; i < _keyColumns.Length; i++)
        {
            var ordinal = _columns[_keyColumns[i]].SourceOrdinal;
            if (before.IsNull(ordinal))
            {
                _deletes.SetNull(i);
            }
            else
            {
                _deletes.SetValue(i, before.GetText(ordinal));
            }
        }

        _deletes.CommitRow();
        _last[Key(before)] = ~(_deletes.Count - 1);
    }

    /// <summary>
    /// Encodes the last states for COPY. A value the conversion refuses comes back with the row it belongs to (an
    /// image, for the message naming table, key and column).
    /// </summary>
    public (Core.Types.ValueConversionException Error, ISourceRowImage Row)? Encode()
    {
        _upsertRows.Reset();
        _deleteRows.Reset();
        foreach (var last in _last.Values)
        {
            if ((last >= 0 ? _upsertRows.TryAdd(_upserts, last) : _deleteRows.TryAdd(_deletes, ~last)) is { } error)
            {
                return (error, last >= 0 ? UpsertImage(last) : DeleteImage(~last));
            }
        }

        return null;
    }

    public bool HasDeletes => _deleteRows.Count > 0;

    public bool HasUpserts => _upsertRows.Count > 0;

    public Task SendDeletesAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        _deleteRows.SendAsync(connection, DeleteCopySql, cancellationToken);

    public Task SendUpsertsAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        _upsertRows.SendAsync(connection, UpsertCopySql, cancellationToken);

    /// <summary>The last states one by one (to find the one PostgreSQL refuses): true for an upsert image, false for a deleted key.</summary>
    public IEnumerable<(bool Upsert, ISourceRowImage Row)> LastStates()
    {
        foreach (var last in _last.Values.ToList())
        {
            yield return last >= 0 ? (true, UpsertImage(last)) : (false, DeleteImage(~last));
        }
    }

    public void Clear()
    {
        _last.Clear();
        _upserts.Reset(_columns.Length);
        _deletes.Reset(_keyColumns.Length);
    }

    private RowBatchImage UpsertImage(int row)
    {
        _upsertImage.Row = row;
        return _upsertImage;
    }

    private RowBatchImage DeleteImage(int row)
    {
        _deleteImage.Row = row;
        return _deleteImage;
    }

    /// <summary>The key's bytes as a string (each value length-prefixed, so no two keys collide).</summary>
    private string Key(ISourceRowImage image)
    {
        _key.Clear();
        foreach (var k in _keyColumns)
        {
            var ordinal = _columns[k].SourceOrdinal;
            if (image.IsNull(ordinal))
            {
                _key.Append("-1:");
                continue;
            }

            var value = image.GetText(ordinal);
            _key.Append(value.Length).Append(':').Append(Encoding.Latin1.GetString(value));
        }

        return _key.ToString();
    }
}
