using Godwit.Core.Ddl;

namespace Godwit.Core.Copy;

/// <summary>One table to copy: the mapping from the schema plan and the key used for chunking and messages.</summary>
public sealed class CopyTable
{
    public CopyTable(PgTableMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Mapping = mapping;
        Columns = [.. mapping.CopyColumns];
        var pk = mapping.Source.PrimaryKey;
        KeyColumns = pk is null ? [] : [.. pk.Parts.Where(p => p.Column is not null).Select(p => p.Column!)];
        KeyOrdinals = [.. KeyColumns.Select(k => Columns.ToList().FindIndex(c => string.Equals(c.Source.Name, k, StringComparison.OrdinalIgnoreCase)))];
    }

    public PgTableMapping Mapping { get; }

    /// <summary>Only these rows are copied (a tenant move); null: every row.</summary>
    public RowFilter? Filter { get; init; }

    /// <summary>The source table's key within the migration (<see cref="Schema.SourceTable.Key"/>): what chunks and progress are keyed by.</summary>
    public string Name => Mapping.Source.Key;

    /// <summary>The columns copied, in select-list and COPY order.</summary>
    public IReadOnlyList<PgColumnMapping> Columns { get; }

    /// <summary>Source primary-key columns; empty when the table has none (copied as one chunk).</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>Index of each key column in <see cref="Columns"/> (-1 when not copied).</summary>
    public IReadOnlyList<int> KeyOrdinals { get; }

    /// <summary>The key of a row in a batch, e.g. <c>id=42</c> or <c>a=1, b='x'</c>, for error messages and rejects.</summary>
    public string DescribeKey(RowBatch batch, int row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (KeyColumns.Count == 0 || KeyOrdinals.Any(o => o < 0))
        {
            return "(no primary key) " + string.Join(", ", Enumerable.Range(0, Math.Min(3, Columns.Count)).Select(c => $"{Columns[c].Source.Name}={ShowValue(batch, row, c)}"));
        }

        return string.Join(", ", KeyColumns.Select((k, i) => $"{k}={ShowValue(batch, row, KeyOrdinals[i])}"));
    }

    /// <summary>A value of the batch as a person reads it (a PostgreSQL source's binary values decoded by type).</summary>
    public string ShowValue(RowBatch batch, int row, int column)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var cast = Columns[column].Cast;

        // Native values are a PostgreSQL source's binary COPY fields (its columns' types are foreign to the MySQL
        // model); a MySQL source's Native values (MySQL → MySQL) are text already.
        return cast.Conversion.Kind == Types.ValueConversionKind.Native && Columns[column].Source.Type.IsForeign && !batch.IsNull(row, column)
            ? NativeValueDisplay.Show(cast.TargetType, batch.Value(row, column))
            : Show(batch, row, column);
    }

    public static string Show(RowBatch batch, int row, int column)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsNull(row, column))
        {
            return "NULL";
        }

        var value = batch.Value(row, column);
        var digits = value.Length > 0 && value[0] == '-' ? value[1..] : value;
        var numeric = digits.Length is > 0 and <= 40 && digits.Count((byte)'.') <= 1 && digits[0] != '.';
        foreach (var b in digits)
        {
            numeric &= b is (>= (byte)'0' and <= (byte)'9') or (byte)'.';
        }

        return numeric ? System.Text.Encoding.ASCII.GetString(value) : Types.ValueConversionException.Display(value);
    }
}
