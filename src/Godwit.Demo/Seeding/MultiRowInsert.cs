using System.Text;
using Godwit.Core.Ddl;
using Godwit.MySql;

namespace Godwit.Demo.Seeding;

/// <summary>
/// Inserts rows as multi-row INSERTs of one prepared statement (values sent as binary parameters): one round trip per
/// batch instead of per row, which is what makes seeding ten thousands of rows take seconds.
/// </summary>
internal static class MultiRowInsert
{
    public const int DefaultBatchRows = 1000;

    public static async Task RunAsync<T>(
        MySqlConnection connection,
        string table,
        IReadOnlyList<string> columns,
        IReadOnlyList<T> rows,
        Func<T, object?[]> values,
        CancellationToken cancellationToken,
        int batchRows = DefaultBatchRows)
    {
        MySqlPreparedStatement? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += batchRows)
            {
                var count = Math.Min(batchRows, rows.Count - start);
                var parameters = new List<object?>(count * columns.Count);
                for (var i = start; i < start + count; i++)
                {
                    var row = values(rows[i]);
                    if (row.Length != columns.Count)
                    {
                        throw new InvalidOperationException($"{table}: {row.Length} values for {columns.Count} columns.");
                    }

                    parameters.AddRange(row);
                }

                if (count == batchRows)
                {
                    full ??= await connection.PrepareAsync(Sql(table, columns, batchRows), cancellationToken);
                    await full.ExecuteAsync(parameters, cancellationToken);
                }
                else
                {
                    await using var last = await connection.PrepareAsync(Sql(table, columns, count), cancellationToken);
                    await last.ExecuteAsync(parameters, cancellationToken);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static string Sql(string table, IReadOnlyList<string> columns, int rows)
    {
        var tuple = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Count)) + ")";
        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(MySqlIdentifier.Quote(table)).Append(" (")
            .AppendJoin(", ", columns.Select(MySqlIdentifier.Quote)).Append(") VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").Append(tuple);
        }

        return sql.ToString();
    }
}
