using System.Globalization;
using System.Text;
using Godwit.Core.Ddl;
using Godwit.Core.Sync;
using Godwit.Core.Types;
using Godwit.Postgres.Schema;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// How the changes of one source table become statements on its target table. Built once per table map
/// (the source's column layout at that point of the stream): source columns are matched to target columns
/// by name when the binlog carries names (binlog_row_metadata=FULL), else by position. Statements are
/// cached per set of included columns, so each distinct text is prepared once by Npgsql.
/// <para>
/// Idempotency (the stream may replay changes the copy or an earlier run already applied, and must converge):
/// inserts and full-image updates are upserts of the after image on the primary key; a key change deletes the
/// old key first; deletes by key accept zero rows. Tables without a primary key match on every column and
/// change one matching row, which is not idempotent on replay.
/// </para>
/// </summary>
public sealed partial class PgApplyTable
{
    private readonly PgApplyColumn[] _columns;
    private readonly PgApplyColumn[] _key;
    // Concurrent: a commit in flight may name a refused row (building statements) while the stream adds changes.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _sql = new(StringComparer.Ordinal);
    private readonly PgRowStatements? _statements;

    /// <param name="mapping">The table's mapping in the source schema model.</param>
    /// <param name="sourceColumnNames">The columns of the binlog's row images, by ordinal (null names: match by position).</param>
    /// <param name="targetColumns">The columns the target table has now (a column the target lacks is not written).</param>
    /// <param name="statements">Where the statement texts are registered, so a refused one names its row (the session's).</param>
    /// <param name="netChanges">Whether the table may take its changes as a net effect (<see cref="PgNetChangeEligibility"/>).</param>
    public PgApplyTable(
        PgTableMapping mapping, IReadOnlyList<string?> sourceColumnNames, IReadOnlySet<string>? targetColumns, PgRowStatements? statements = null, bool netChanges = false)
    {
        _statements = statements;
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(sourceColumnNames);
        Mapping = mapping;
        var byOrdinal = mapping.Columns.OrderBy(c => c.Source.Ordinal).ToList();
        var columns = new List<PgApplyColumn>();
        for (var i = 0; i < sourceColumnNames.Count; i++)
        {
            var name = sourceColumnNames[i];
            var column = name is null
                ? (i < byOrdinal.Count ? byOrdinal[i] : null)
                : mapping.Columns.FirstOrDefault(c => string.Equals(c.Source.Name, name, StringComparison.OrdinalIgnoreCase));
            if (column is null || column.IsGeneratedOnTarget || (targetColumns is not null && !targetColumns.Contains(column.Name)))
            {
                // A column the target does not have (DDL passed over with --on-ddl ignore) or computes itself.
                continue;
            }

            columns.Add(new PgApplyColumn(
                i, column.Source.Name, column.Name, column.Cast, PgCopyTypes.DataTypeName(column.Cast.TargetType), column.Cast.TargetType.IsUserDefined));
        }

        _columns = [.. columns];
        var pk = mapping.Source.PrimaryKey;
        _key = pk is null
            ? []
            : [.. pk.Parts.Select(p => columns.Find(c => string.Equals(c.SourceName, p.Column, StringComparison.OrdinalIgnoreCase))).OfType<PgApplyColumn>()];
        if (pk is not null && _key.Length != pk.Parts.Count)
        {
            // A key column the stream cannot see: apply as a keyless table rather than by a partial key.
            _key = [];
        }

        // A PostgreSQL source's stream carries text output, while the net effect goes by binary COPY: statements only.
        if (netChanges && _key.Length > 0 && _columns.Length > 0 && !_columns.Any(c => c.Cast.Conversion.Kind == ValueConversionKind.Native))
        {
            EnableNetChanges();
        }
    }

    public PgTableMapping Mapping { get; }

    public bool HasKey => _key.Length > 0;

    public void AddInsert(NpgsqlBatch batch, ISourceRowImage after)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(after);
        batch.BatchCommands.Add(HasKey ? Upsert(after) : PlainInsert(after));
    }

    public void AddUpdate(NpgsqlBatch batch, ISourceRowImage before, ISourceRowImage after)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (!HasKey)
        {
            batch.BatchCommands.Add(KeylessUpdate(before, after));
            return;
        }

        if (_columns.All(c => after.IsIncluded(c.SourceOrdinal)))
        {
            // The full after image is the row's whole state at this point of the source's history, and no other
            // row then had its key. A moved key: clear a row already at the new key (a replay), then UPDATE the old
            // row (an UPDATE, not DELETE + INSERT, so ON UPDATE CASCADE acts like on the source), or insert the
            // after image when the old row is not there. An unmoved key: upsert. Both converge on replay.
            if (KeyChanged(before, after))
            {
                batch.BatchCommands.Add(MovedKeyDelete(after, before));
                batch.BatchCommands.Add(MovedKeyUpdate(before, after));
                return;
            }

            batch.BatchCommands.Add(Upsert(after));
            return;
        }

        // A partial after image (binlog_row_image=MINIMAL) cannot recreate a missing row: update what is there.
        batch.BatchCommands.Add(PartialUpdate(before, after));
    }

    public void AddDelete(NpgsqlBatch batch, ISourceRowImage before)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(before);
        batch.BatchCommands.Add(HasKey ? KeyDelete(before) : KeylessDelete(before));
    }

    private bool KeyChanged(ISourceRowImage before, ISourceRowImage after) =>
        _key.Any(k => before.IsIncluded(k.SourceOrdinal) && after.IsIncluded(k.SourceOrdinal)
            && (before.IsNull(k.SourceOrdinal) != after.IsNull(k.SourceOrdinal) || !before.GetText(k.SourceOrdinal).SequenceEqual(after.GetText(k.SourceOrdinal))));

    private NpgsqlBatchCommand Upsert(ISourceRowImage after)
    {
        var included = Included(after);
        var sql = Cached("U", included, () =>
        {
            var names = string.Join(", ", included.Select(c => c.QuotedName));
            var values = string.Join(", ", included.Select((c, i) => c.Placeholder(i + 1)));
            var keys = string.Join(", ", _key.Select(k => k.QuotedName));
            var sets = included.Where(c => !_key.Contains(c)).Select(c => $"{c.QuotedName} = EXCLUDED.{c.QuotedName}").ToList();
            var action = sets.Count == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", sets);
            return $"INSERT INTO {Mapping.QualifiedName} ({names}) VALUES ({values}) ON CONFLICT ({keys}) DO {action}";
        },
        () => Described(included, [.. _key.Select(k => Array.IndexOf(included, k))], hasKey: true));
        var cmd = new NpgsqlBatchCommand(sql);
        Bind(cmd, included, after);
        return cmd;
    }

    private NpgsqlBatchCommand PlainInsert(ISourceRowImage after)
    {
        var included = Included(after);
        var sql = Cached(
            "I",
            included,
            () => $"INSERT INTO {Mapping.QualifiedName} ({string.Join(", ", included.Select(c => c.QuotedName))}) VALUES ({string.Join(", ", included.Select((c, i) => c.Placeholder(i + 1)))})",
            () => Described(included, [.. Enumerable.Range(0, included.Length)], hasKey: false));
        var cmd = new NpgsqlBatchCommand(sql);
        Bind(cmd, included, after);
        return cmd;
    }

    private NpgsqlBatchCommand KeyDelete(ISourceRowImage before)
    {
        var sql = Cached("D", _key, () => $"DELETE FROM {Mapping.QualifiedName} WHERE {KeyPredicate(1)}", () => Described(_key, [.. Enumerable.Range(0, _key.Length)], hasKey: true));
        var cmd = new NpgsqlBatchCommand(sql);
        Bind(cmd, _key, before);
        return cmd;
    }

    private NpgsqlBatchCommand MovedKeyDelete(ISourceRowImage after, ISourceRowImage before)
    {
        var sql = Cached(
            "M",
            _key,
            () => $"DELETE FROM {Mapping.QualifiedName} WHERE {KeyPredicate(1)} AND NOT ({KeyPredicate(_key.Length + 1)})",
            () => Described([.. _key, .. _key], [.. Enumerable.Range(_key.Length, _key.Length)], hasKey: true));
        var cmd = new NpgsqlBatchCommand(sql);
        Bind(cmd, _key, after);
        Bind(cmd, _key, before);
        return cmd;
    }

    private NpgsqlBatchCommand MovedKeyUpdate(ISourceRowImage before, ISourceRowImage after)
    {
        var included = Included(after);
        var sql = Cached("N", included, () =>
        {
            var names = string.Join(", ", included.Select(c => c.QuotedName));
            var values = string.Join(", ", included.Select((c, i) => c.Placeholder(i + 1)));
            var sets = string.Join(", ", included.Select((c, i) => $"{c.QuotedName} = {c.Placeholder(i + 1)}"));
            var keys = string.Join(", ", _key.Select(k => k.QuotedName));
            var upserts = included.Where(c => !_key.Contains(c)).Select(c => $"{c.QuotedName} = EXCLUDED.{c.QuotedName}").ToList();
            var action = upserts.Count == 0 ? "NOTHING" : "UPDATE SET " + string.Join(", ", upserts);
            return $"WITH moved AS (UPDATE {Mapping.QualifiedName} SET {sets} WHERE {KeyPredicate(included.Length + 1)} RETURNING 1) "
                + $"INSERT INTO {Mapping.QualifiedName} ({names}) SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM moved) ON CONFLICT ({keys}) DO {action}";
        },
        () => Described([.. included, .. _key], [.. Enumerable.Range(included.Length, _key.Length)], hasKey: true));
        var cmd = new NpgsqlBatchCommand(sql);
        Bind(cmd, included, after);
        Bind(cmd, _key, before);
        return cmd;
    }

    private NpgsqlBatchCommand PartialUpdate(ISourceRowImage before, ISourceRowImage after)
    {
        var included = Included(after);
        var sql = Cached(
            "P",
            included,
            () => $"UPDATE {Mapping.QualifiedName} SET {string.Join(", ", included.Select((c, i) => $"{c.QuotedName} = {c.Placeholder(i + 1)}"))} WHERE {KeyPredicate(included.Length + 1)}",
            () => Described([.. included, .. _key], [.. Enumerable.Range(included.Length, _key.Length)], hasKey: true));
        var cmd = new NpgsqlBatchCommand(sql);
        Bind(cmd, included, after);
        Bind(cmd, _key, before);
        return cmd;
    }

    private NpgsqlBatchCommand KeylessUpdate(ISourceRowImage before, ISourceRowImage after)
    {
        var set = Included(after);
        var match = Included(before);
        var key = string.Join(",", match.Select(c => c.SourceOrdinal)) + "|";
        var sql = Cached(
            "K" + key,
            set,
            () => $"UPDATE {Mapping.QualifiedName} SET {string.Join(", ", set.Select((c, i) => $"{c.QuotedName} = {c.Placeholder(i + 1)}"))} "
                + $"WHERE ctid = (SELECT ctid FROM {Mapping.QualifiedName} WHERE {AllColumnsPredicate(match, set.Length + 1)} LIMIT 1)",
            () => Described([.. set, .. match], [.. Enumerable.Range(set.Length, match.Length)], hasKey: false));
        var cmd = new NpgsqlBatchCommand(sql);
        Bind(cmd, set, after);
        Bind(cmd, match, before);
        return cmd;
    }

    private NpgsqlBatchCommand KeylessDelete(ISourceRowImage before)
    {
        var match = Included(before);
        var sql = Cached(
            "X",
            match,
            () => $"DELETE FROM {Mapping.QualifiedName} WHERE ctid = (SELECT ctid FROM {Mapping.QualifiedName} WHERE {AllColumnsPredicate(match, 1)} LIMIT 1)",
            () => Described(match, [.. Enumerable.Range(0, match.Length)], hasKey: false));
        var cmd = new NpgsqlBatchCommand(sql);
        Bind(cmd, match, before);
        return cmd;
    }

    private string KeyPredicate(int firstParameter) =>
        string.Join(" AND ", _key.Select((k, i) => $"{k.QuotedName} = {k.Placeholder(firstParameter + i)}"));

    private static string AllColumnsPredicate(PgApplyColumn[] columns, int firstParameter) =>
        string.Join(" AND ", columns.Select((c, i) => $"{c.QuotedName} IS NOT DISTINCT FROM {c.Placeholder(firstParameter + i)}"));

    private PgApplyColumn[] Included(ISourceRowImage image)
    {
        var all = true;
        foreach (var c in _columns)
        {
            all &= image.IsIncluded(c.SourceOrdinal);
        }

        return all ? _columns : [.. _columns.Where(c => image.IsIncluded(c.SourceOrdinal))];
    }

    private PgRowStatement Described(PgApplyColumn[] parameters, int[] keyParameters, bool hasKey) =>
        new(Mapping.Source.QualifiedName, [.. parameters.Select(p => p.SourceName)], [.. parameters.Select(p => p.TargetName)], keyParameters, hasKey);

    private string Cached(string operation, PgApplyColumn[] columns, Func<string> build, Func<PgRowStatement> describe)
    {
        var key = new StringBuilder(operation);
        foreach (var c in columns)
        {
            key.Append(',').Append(c.SourceOrdinal.ToString(CultureInfo.InvariantCulture));
        }

        var k = key.ToString();
        if (!_sql.TryGetValue(k, out var sql))
        {
            sql = build();
            _sql[k] = sql;
            _statements?.Register(sql, describe());
        }

        return sql;
    }

    private static string Text(PgApplyColumn column, ReadOnlySpan<byte> value)
    {
        return column.Cast.Conversion.Kind == ValueConversionKind.Numeric
            ? ValueConverter.ToNumericText(column.Cast, value)
            : Encoding.UTF8.GetString(value);
    }

    private void Bind(NpgsqlBatchCommand cmd, PgApplyColumn[] columns, ISourceRowImage image)
    {
        try
        {
            BindValues(cmd, columns, image);
        }
        catch (ValueConversionException ex)
        {
            // Named like the copy names a value it refuses: table, the row's key, column, value.
            throw new PgApplyRowException(
                Mapping.Source.QualifiedName, DescribeKey(image), ex.Column[(ex.Column.LastIndexOf('.') + 1)..], ex.Value, ex.Reason, ex);
        }
    }

    /// <summary>The row's key as <c>id=5, k='x'</c> from the image, or its first columns for a table without one.</summary>
    private string DescribeKey(ISourceRowImage image)
    {
        var parts = HasKey ? _key : _columns.Take(3).ToArray();
        var shown = parts.Where(c => image.IsIncluded(c.SourceOrdinal)).Select(c =>
            $"{c.SourceName}={(image.IsNull(c.SourceOrdinal) ? "NULL" : ValueConversionException.Display(image.GetText(c.SourceOrdinal)))}");
        return (HasKey ? string.Empty : "(no primary key) ") + string.Join(", ", shown);
    }

    private static void BindValues(NpgsqlBatchCommand cmd, PgApplyColumn[] columns, ISourceRowImage image)
    {
        foreach (var c in columns)
        {
            var parameter = new NpgsqlParameter();
            if (c.SendsText)
            {
                parameter.DataTypeName = "text";
                parameter.Value = image.IsNull(c.SourceOrdinal) ? DBNull.Value : Text(c, image.GetText(c.SourceOrdinal));
            }
            else
            {
                parameter.DataTypeName = c.DataTypeName;
                parameter.Value = image.IsNull(c.SourceOrdinal) ? DBNull.Value : PgCopyTypes.ToNpgsqlValue(c.Cast, image.GetText(c.SourceOrdinal)) ?? DBNull.Value;
            }

            cmd.Parameters.Add(parameter);
        }
    }
}
