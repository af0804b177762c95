using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Types;
using Godwit.Postgres.Copy.Binary;
using Godwit.Postgres.Schema;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>
/// Rows of one table encoded straight into PostgreSQL's binary COPY format from the source's text-protocol bytes,
/// each value by its column's <see cref="ColumnCast"/> (<see cref="PgBinaryFieldEncoder"/>: nothing boxed, numeric
/// never through System.Decimal), then sent with Npgsql's raw binary COPY. The copy's batch writer uses it, and so
/// can anything else that must write rows exactly as the copy does. Reused between batches.
/// </summary>
public sealed class PgBinaryRows
{
    private readonly ColumnWriter[] _columns;
    private readonly PgBinaryWriter _buffer = new();

    public PgBinaryRows(IEnumerable<PgColumnMapping> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = [.. columns.Select(c => new ColumnWriter(c.Cast, c.Cast.Conversion.Kind, PgCopyTypes.DataTypeName(c.Cast.TargetType), c.Name))];
        foreach (var column in _columns.Where(c => !PgBinaryFieldEncoder.Supports(c.Kind)))
        {
            throw new InvalidOperationException($"{column.Cast.QualifiedColumn}: no binary COPY encoding for conversion {column.Kind}");
        }
    }

    /// <summary>Rows encoded since the last <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Empties the buffer and starts new COPY data (its header).</summary>
    public void Reset()
    {
        _buffer.Reset();
        _buffer.WriteHeader();
        Count = 0;
    }

    /// <summary>
    /// Appends row <paramref name="row"/> of the batch (its values in column order). A value the conversion refuses
    /// leaves the buffer as it was and is returned (it names table, column and value); null when the row was added.
    /// </summary>
    public ValueConversionException? TryAdd(RowBatch batch, int row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var start = _buffer.Length;
        try
        {
            _buffer.StartRow(_columns.Length);
            for (var c = 0; c < _columns.Length; c++)
            {
                if (batch.IsNull(row, c))
                {
                    _buffer.WriteNull();
                }
                else
                {
                    PgBinaryFieldEncoder.Write(in _columns[c], batch.Value(row, c), _buffer);
                }
            }

            Count++;
            return null;
        }
        catch (ValueConversionException ex)
        {
            _buffer.Truncate(start);
            return ex;
        }
    }

    /// <summary>
    /// Sends the rows with <paramref name="copySql"/> (<c>COPY t (…) FROM STDIN (FORMAT BINARY)</c>). PostgreSQL's
    /// refusal of a row surfaces as <see cref="PostgresException"/>.
    /// </summary>
    public void Send(NpgsqlConnection connection, string copySql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _buffer.WriteTrailer();
        // A big batch into a table with many indexes may take long: no timeout.
        using var copy = connection.BeginRawBinaryCopy(copySql);
        copy.WriteTimeout = Timeout.Infinite;
        copy.ReadTimeout = Timeout.Infinite;
        copy.Write(_buffer.Written);
    }

    /// <summary>As <see cref="Send"/>, without blocking a thread (the change stream's apply).</summary>
    public async Task SendAsync(NpgsqlConnection connection, string copySql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _buffer.WriteTrailer();
        await using var copy = await connection.BeginRawBinaryCopyAsync(copySql, cancellationToken).ConfigureAwait(false);
        copy.WriteTimeout = Timeout.Infinite;
        copy.ReadTimeout = Timeout.Infinite;
        await copy.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The COPY statement for these columns into <paramref name="qualifiedTable"/>.</summary>
    public string CopySql(string qualifiedTable) =>
        $"COPY {qualifiedTable} ({string.Join(", ", _columns.Select(c => PgIdentifier.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
}
