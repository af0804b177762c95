using Godwit.Core.Ddl;
using Godwit.Core.Schema;

namespace Godwit.Core.Types;

/// <summary>
/// The casts and table mappings of a same-engine migration, where every column keeps its type
/// (<see cref="ValueConversionKind.Native"/>: nothing is converted) and its name: shared by
/// <see cref="MySqlToMySqlMapper"/> and <see cref="PostgresToPostgresMapper"/>.
/// </summary>
internal static class NativeCasts
{
    /// <summary>
    /// One cast per column and one mapping per table into <paramref name="targetSchema"/> (null: each into the schema of
    /// its own name); generated columns are left to the target, which computes them.
    /// </summary>
    public static (Dictionary<(string Table, string Column), ColumnCast> Casts, List<PgTableMapping> Tables) For(SourceDatabase database, string? targetSchema)
    {
        var casts = new Dictionary<(string Table, string Column), ColumnCast>();
        var tables = new List<PgTableMapping>(database.Tables.Count);
        foreach (var table in database.Tables)
        {
            var columns = new List<PgColumnMapping>(table.Columns.Count);
            foreach (var column in table.Columns)
            {
                var cast = new ColumnCast
                {
                    SourceSchema = table.Schema,
                    SourceTable = table.Name,
                    Column = column,
                    TargetType = new PgTypeName(column.Type.ColumnType),
                    Conversion = new ValueConversion(ValueConversionKind.Native),
                    Origin = "source",
                };
                casts[(table.Key, column.Name.ToLowerInvariant())] = cast;
                columns.Add(new PgColumnMapping(column, column.Name, cast) { IsGeneratedOnTarget = column.IsGenerated, IsIdentity = column.IsAutoIncrement });
            }

            tables.Add(new PgTableMapping(table, targetSchema ?? table.Schema, table.Name, columns));
        }

        return (casts, tables);
    }
}
