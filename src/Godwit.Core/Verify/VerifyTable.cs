using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Types;

namespace Godwit.Core.Verify;

/// <summary>
/// One table as verify sees it: the source table, its target name and the columns compared on both sides (with
/// the <see cref="ColumnCast"/> the copy used, which decides every value's canonical form), plus how it is keyed.
/// </summary>
public sealed class VerifyTable
{
    private VerifyTable(PgTableMapping mapping, IReadOnlyList<PgColumnMapping> columns, IReadOnlyList<int> keyOrdinals)
    {
        Mapping = mapping;
        Columns = columns;
        KeyOrdinals = keyOrdinals;
        IsIntegerKeyed = keyOrdinals.Count == 1 && IsIntegerCast(columns[keyOrdinals[0]].Cast);
        InDatabaseHashColumns = [.. Enumerable.Range(0, columns.Count).Where(i => IsHashableInDatabase(columns[i].Cast))];
        StreamedColumns = [.. Enumerable.Range(0, columns.Count).Where(i => !IsHashableInDatabase(columns[i].Cast))];
        JsonColumns = [.. Enumerable.Range(0, columns.Count).Where(i => columns[i].Cast.Conversion.Kind == ValueConversionKind.Json)];
    }

    public PgTableMapping Mapping { get; }

    /// <summary>Only the rows this keeps are compared on the source side (a tenant move's verify; source names); null: every row.</summary>
    public Copy.RowFilter? SourceFilter { get; private init; }

    /// <summary>Only the rows this keeps are compared on the target side (the same rows, in the target's names); null: every row.</summary>
    public Copy.RowFilter? TargetFilter { get; private init; }

    public SourceTable Source => Mapping.Source;

    /// <summary><c>db.table</c> on the source: how reports name the table.</summary>
    public string Name => Mapping.Source.QualifiedName;

    /// <summary>The compared columns (target-generated columns are left out, as the copy leaves them out).</summary>
    public IReadOnlyList<PgColumnMapping> Columns { get; }

    /// <summary>Positions in <see cref="Columns"/> of the primary key, in key order; empty for a keyless table.</summary>
    public IReadOnlyList<int> KeyOrdinals { get; }

    public bool HasKey => KeyOrdinals.Count > 0;

    /// <summary>A single-column integer primary key: chunked by key ranges and bisected.</summary>
    public bool IsIntegerKeyed { get; }

    /// <summary>Columns whose canonical form both databases can compute in SQL (all but JSON and EWKB).</summary>
    public IReadOnlyList<int> InDatabaseHashColumns { get; }

    /// <summary>
    /// Columns checksum mode cannot hash inside the databases identically in general (MariaDB keeps JSON as written
    /// and its JSON_NORMALIZE keeps string escapes and prints numbers as doubles; jsonb reorders keys by length):
    /// these are streamed with the key and compared in C# after normalization. JSON is first tried as text
    /// (<see cref="JsonColumns"/>), which matches whenever the application writes jsonb's own spelling.
    /// </summary>
    public IReadOnlyList<int> StreamedColumns { get; }

    /// <summary>JSON columns: hashed as written on the source and as jsonb's text on the target, until that proves to differ.</summary>
    public IReadOnlyList<int> JsonColumns { get; }

    public static VerifyTable Create(PgTableMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var columns = mapping.Columns.Where(c => !c.IsGeneratedOnTarget).ToList();
        var keys = new List<int>();
        if (mapping.Source.PrimaryKey is { } pk && pk.Parts.All(p => p.Column is not null && p.PrefixLength is null))
        {
            foreach (var part in pk.Parts)
            {
                var i = columns.FindIndex(c => string.Equals(c.Source.Name, part.Column, StringComparison.OrdinalIgnoreCase));
                if (i < 0)
                {
                    keys.Clear();
                    break;
                }

                keys.Add(i);
            }
        }

        return new VerifyTable(mapping, columns, keys);
    }

    /// <summary>The same table restricted to the rows the filters keep on each side (a tenant's rows).</summary>
    public VerifyTable Filtered(Copy.RowFilter? source, Copy.RowFilter? target) =>
        new(Mapping, Columns, KeyOrdinals) { SourceFilter = source, TargetFilter = target };

    public static bool IsHashableInDatabase(ColumnCast cast) =>
        cast.Conversion.Kind is not (ValueConversionKind.Json or ValueConversionKind.Ewkb);

    private static bool IsIntegerCast(ColumnCast cast) =>
        (cast.Column.Type.Family == MySqlTypeFamily.Integer
            && cast.Conversion.Kind is ValueConversionKind.Int16 or ValueConversionKind.Int32 or ValueConversionKind.Int64)
        || (cast.Conversion.Kind == ValueConversionKind.Native && cast.TargetType.Name is "smallint" or "integer" or "bigint")

        // MySQL → MySQL: an integer column keeps its type; BIGINT UNSIGNED may not fit the signed 64-bit ranges.
        || (cast.Conversion.Kind == ValueConversionKind.Native && !cast.Column.Type.IsForeign && cast.Column.Type.Family == MySqlTypeFamily.Integer
            && !(cast.Column.Type.Name == "bigint" && cast.Column.Type.Unsigned));
}
