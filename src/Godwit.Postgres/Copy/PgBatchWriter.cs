using System.Text.RegularExpressions;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.Postgres.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Godwit.Postgres.Copy;

/// <summary>
/// Writes batches of raw MySQL rows into one table with binary COPY, inside the caller's chunk transaction.
/// Every value is converted by <see cref="ValueConverter"/>'s typed function for its column (a switch on
/// <see cref="ValueConversionKind"/>) and handed to <c>NpgsqlBinaryImporter.Write&lt;T&gt;</c>: no value is boxed.
/// Each batch runs in a savepoint; when COPY fails, the batch is bisected until the bad rows are isolated, and
/// each bad row is rejected (<c>--on-error skip</c>) or stops the copy naming table, key and column.
/// </summary>
internal sealed partial class PgBatchWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly CopyTable _table;
    private readonly ColumnWriter[] _columns;
    private readonly string _copySql;
    private readonly OnErrorMode _onError;
    private readonly Action<RejectRecord> _reject;

    public PgBatchWriter(NpgsqlConnection connection, CopyTable table, OnErrorMode onError, Action<RejectRecord> reject)
    {
        _connection = connection;
        _table = table;
        _onError = onError;
        _reject = reject;
        _columns = [.. table.Columns.Select(c => new ColumnWriter(c.Cast, c.Cast.Conversion.Kind, PgCopyTypes.DataTypeName(c.Cast.TargetType), c.Name))];
        _copySql = $"COPY {table.Mapping.QualifiedName} ({string.Join(", ", table.Columns.Select(c => PgIdentifier.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
    }

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

        Exec("SAVEPOINT godwit_batch");
        var row = from;
        ValueConversionException? conversion = null;
        try
        {
            using (var importer = _connection.BeginBinaryImport(_copySql))
            {
                importer.Timeout = TimeSpan.Zero;
                for (; row < to; row++)
                {
                    importer.StartRow();
                    conversion = WriteRow(importer, batch, row);
                    if (conversion is not null)
                    {
                        // End the COPY cleanly (the row was finished with NULLs); the savepoint rollback below undoes it.
                        break;
                    }
                }

                importer.Complete();
            }
        }
        catch (PostgresException ex) when (conversion is not null)
        {
            // The cancelled COPY reports itself; the conversion error is the one that counts.
            _ = ex;
        }
        catch (PostgresException ex)
        {
            return Bisect(batch, from, to, ex);
        }

        if (conversion is null)
        {
            Exec("RELEASE SAVEPOINT godwit_batch");
            return to - from;
        }

        {
            var ex = conversion;

            // The bad row is known: reject it and send the rows around it again.
            Exec("ROLLBACK TO SAVEPOINT godwit_batch");
            var column = _table.Columns.FirstOrDefault(c => ex.Column.EndsWith("." + c.Source.Name, StringComparison.Ordinal))?.Source.Name;
            Fail(new RejectRecord(_table.Name, _table.DescribeKey(batch, row), column, ex.Value, ex.Reason), ex);
            return CopyRange(batch, from, row) + CopyRange(batch, row + 1, to);
        }
    }

    private long Bisect(RowBatch batch, int from, int to, PostgresException ex)
    {
        {
            Exec("ROLLBACK TO SAVEPOINT godwit_batch");
            if (to - from == 1)
            {
                var column = ColumnOf(ex);
                var ordinal = column is null ? -1 : Array.FindIndex(_columns, c => c.Name == column);
                Fail(new RejectRecord(
                    _table.Name,
                    _table.DescribeKey(batch, from),
                    ordinal >= 0 ? _table.Columns[ordinal].Source.Name : column,
                    ordinal >= 0 ? CopyTable.Show(batch, from, ordinal) : null,
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

    /// <summary>Writes one row; a value the conversion refuses ends the row with NULLs and is returned.</summary>
    private ValueConversionException? WriteRow(NpgsqlBinaryImporter importer, RowBatch batch, int row)
    {
        var c = 0;
        try
        {
            WriteValues(importer, batch, row, ref c);
            return null;
        }
        catch (ValueConversionException ex)
        {
            for (; c < _columns.Length; c++)
            {
                importer.WriteNull();
            }

            return ex;
        }
    }

    private void WriteValues(NpgsqlBinaryImporter importer, RowBatch batch, int row, ref int c)
    {
        var columns = _columns;
        for (; c < columns.Length; c++)
        {
            if (batch.IsNull(row, c))
            {
                importer.WriteNull();
                continue;
            }

            ref readonly var col = ref columns[c];
            var v = batch.Value(row, c);
            switch (col.Kind)
            {
                case ValueConversionKind.Text:
                    importer.Write(ValueConverter.ToText(col.Cast, v), col.DataTypeName);
                    break;
                case ValueConversionKind.Json:
                    importer.Write(ValueConverter.ToJson(col.Cast, v), col.DataTypeName);
                    break;
                case ValueConversionKind.Bytes:
                    importer.Write(batch.ValueMemory(row, c), NpgsqlDbType.Bytea);
                    break;
                case ValueConversionKind.IntegerToBoolean:
                case ValueConversionKind.BitToBoolean:
                    importer.Write(ValueConverter.ToBoolean(col.Cast, v), NpgsqlDbType.Boolean);
                    break;
                case ValueConversionKind.Int16:
                    importer.Write(ValueConverter.ToInt16(col.Cast, v), NpgsqlDbType.Smallint);
                    break;
                case ValueConversionKind.Int32:
                    importer.Write(ValueConverter.ToInt32(col.Cast, v), NpgsqlDbType.Integer);
                    break;
                case ValueConversionKind.Int64:
                case ValueConversionKind.BitToInt64:
                    importer.Write(ValueConverter.ToInt64(col.Cast, v), NpgsqlDbType.Bigint);
                    break;
                case ValueConversionKind.Numeric:
                    importer.Write(ValueConverter.ToNumeric(col.Cast, v), NpgsqlDbType.Numeric);
                    break;
                case ValueConversionKind.Real:
                    importer.Write(ValueConverter.ToReal(col.Cast, v), NpgsqlDbType.Real);
                    break;
                case ValueConversionKind.Double:
                    importer.Write(ValueConverter.ToDouble(col.Cast, v), NpgsqlDbType.Double);
                    break;
                case ValueConversionKind.Date:
                    var d = ValueConverter.ToDate(col.Cast, v);
                    if (d.Status == TemporalStatus.Null)
                    {
                        importer.WriteNull();
                    }
                    else
                    {
                        importer.Write(d.Status == TemporalStatus.NegativeInfinity ? DateOnly.MinValue : d.Value, NpgsqlDbType.Date);
                    }

                    break;
                case ValueConversionKind.Timestamp:
                case ValueConversionKind.TimestampTz:
                    var t = ValueConverter.ToTimestamp(col.Cast, v);
                    var tz = col.Kind == ValueConversionKind.TimestampTz;
                    if (t.Status == TemporalStatus.Null)
                    {
                        importer.WriteNull();
                    }
                    else
                    {
                        var value = t.Status == TemporalStatus.NegativeInfinity
                            ? DateTime.SpecifyKind(DateTime.MinValue, tz ? DateTimeKind.Utc : DateTimeKind.Unspecified)
                            : t.Value;
                        importer.Write(value, tz ? NpgsqlDbType.TimestampTz : NpgsqlDbType.Timestamp);
                    }

                    break;
                case ValueConversionKind.Time:
                    importer.Write(ValueConverter.ToTime(col.Cast, v), NpgsqlDbType.Time);
                    break;
                case ValueConversionKind.Interval:
                    importer.Write(new NpgsqlInterval(0, 0, ValueConverter.ToIntervalMicros(col.Cast, v)), NpgsqlDbType.Interval);
                    break;
                case ValueConversionKind.Uuid:
                case ValueConversionKind.BinaryToUuid:
                    importer.Write(ValueConverter.ToUuid(col.Cast, v), NpgsqlDbType.Uuid);
                    break;
                case ValueConversionKind.Inet:
                    importer.Write(ValueConverter.ToInet(col.Cast, v), col.DataTypeName);
                    break;
                case ValueConversionKind.Bits:
                    importer.Write(ValueConverter.ToBits(col.Cast, v), col.DataTypeName);
                    break;
                case ValueConversionKind.BitToText:
                    importer.Write(ValueConverter.ToBitText(col.Cast, v), col.DataTypeName);
                    break;
                case ValueConversionKind.SetToArray:
                    importer.Write(ValueConverter.ToSetArray(col.Cast, v), col.DataTypeName);
                    break;
                case ValueConversionKind.Wkb:
                    importer.Write(ValueConverter.ToWkb(col.Cast, v), col.DataTypeName);
                    break;
                case ValueConversionKind.Ewkb:
                    importer.Write(ValueConverter.ToEwkb(col.Cast, v), col.DataTypeName);
                    break;
                default:
                    throw new InvalidOperationException($"{col.Cast.QualifiedColumn}: no COPY writer for conversion {col.Kind}");
            }
        }
    }
}
