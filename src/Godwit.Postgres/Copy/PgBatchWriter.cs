using System.Text.RegularExpressions;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.Postgres.Copy.Binary;
using Godwit.Postgres.Schema;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>
/// Writes batches of raw MySQL rows into one table with binary COPY, inside the caller's chunk transaction. Each
/// row is encoded straight into PostgreSQL's binary COPY format by <see cref="PgBinaryFieldEncoder"/> (no value is
/// boxed, numeric never passes through System.Decimal) and the encoded rows go through Npgsql's raw binary COPY.
/// A value the conversion refuses is known before anything is sent: its row is rejected (<c>--on-error skip</c>) or
/// stops the copy naming table, key and column. A batch PostgreSQL refuses runs in a savepoint and is bisected until
/// the bad rows are isolated.
/// </summary>
internal sealed partial class PgBatchWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly CopyTable _table;
    private readonly PgBinaryRows _rows;
    private readonly string _copySql;
    private readonly OnErrorMode _onError;
    private readonly Action<RejectRecord> _reject;

    public PgBatchWriter(NpgsqlConnection connection, CopyTable table, OnErrorMode onError, Action<RejectRecord> reject)
    {
        _connection = connection;
        _table = table;
        _onError = onError;
        _reject = reject;
        _rows = new PgBinaryRows(table.Columns);
        _copySql = _rows.CopySql(table.Mapping.QualifiedName);
    }

    /// <summary>The table's <c>COPY … FROM STDIN (FORMAT BINARY)</c>, target names in the copy's column order.</summary>
    public string CopySql => _copySql;

    /// <summary>The chunk being written (for reject records).</summary>
    public int Chunk { get; set; }

    /// <summary>Writes the batch (inside an open transaction); returns what was read, loaded and rejected.</summary>
    public CopyCounts Write(RowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return default;
        }

        var loaded = CopyRange(batch, 0, batch.Count);
        return new CopyCounts(batch.Count, loaded, batch.Count - loaded, batch.ByteCount);
    }

    /// <summary>COPYs rows [from, to) in a savepoint; on failure bisects. Returns the rows loaded.</summary>
    private long CopyRange(RowBatch batch, int from, int to)
    {
        if (from >= to)
        {
            return 0;
        }

        // Encode first: a value that does not convert is found before anything is sent.
        _rows.Reset();
        for (var row = from; row < to; row++)
        {
            if (_rows.TryAdd(batch, row) is { } conversion)
            {
                var column = _table.Columns.FirstOrDefault(c => conversion.Column.EndsWith("." + c.Source.Name, StringComparison.Ordinal))?.Source.Name;
                Fail(new RejectRecord(_table.Name, _table.DescribeKey(batch, row), column, conversion.Value, conversion.Reason), conversion);
                return CopyRange(batch, from, row) + CopyRange(batch, row + 1, to);
            }
        }

        Exec("SAVEPOINT godwit_batch");
        try
        {
            _rows.Send(_connection, _copySql);
        }
        catch (PostgresException ex)
        {
            return Bisect(batch, from, to, ex);
        }

        Exec("RELEASE SAVEPOINT godwit_batch");
        return to - from;
    }

    private long Bisect(RowBatch batch, int from, int to, PostgresException ex)
    {
        {
            Exec("ROLLBACK TO SAVEPOINT godwit_batch");
            if (to - from == 1)
            {
                var column = ColumnOf(ex);
                var ordinal = column is null ? -1 : _table.Columns.ToList().FindIndex(c => c.Name == column);
                Fail(new RejectRecord(
                    _table.Name,
                    _table.DescribeKey(batch, from),
                    ordinal >= 0 ? _table.Columns[ordinal].Source.Name : column,
                    ordinal >= 0 ? _table.ShowValue(batch, from, ordinal) : null,
                    ex.MessageText + (ex.ConstraintName is null ? string.Empty : $" (constraint {ex.ConstraintName})")), ex);
                return 0;
            }

            var mid = from + ((to - from) / 2);
            return CopyRange(batch, from, mid) + CopyRange(batch, mid, to);
        }
    }

    private void Fail(RejectRecord reject, Exception ex)
    {
        if (_onError == OnErrorMode.Stop)
        {
            throw new CopyRowException(reject, ex);
        }

        _reject(reject);
    }

    private static string? ColumnOf(PostgresException ex)
    {
        if (ex.ColumnName is { Length: > 0 } name)
        {
            return name;
        }

        var m = CopyColumnContext().Match(ex.Where ?? string.Empty);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"COPY [^,]+, line \d+, column ([^:]+)")]
    private static partial Regex CopyColumnContext();

    private void Exec(string sql)
    {
        using var cmd = new NpgsqlCommand(sql, _connection);
        cmd.ExecuteNonQuery();
    }
}
