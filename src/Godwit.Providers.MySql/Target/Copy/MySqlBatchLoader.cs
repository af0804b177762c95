using System.Globalization;
using Godwit.Core.Copy;
using Godwit.Core.Specs;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Copy;

/// <summary>
/// Loads batches into one table inside the caller's chunk transaction. <c>LOAD DATA LOCAL</c> turns what would be
/// errors into warnings and skips rows with a duplicate key (the server cannot stop a client mid-file; MySQL manual,
/// "LOAD DATA Statement", Duplicate-Key and Error Handling), so a load is accepted only when the server stored every row
/// sent and warned about none. Otherwise the batch, in a savepoint, is rolled back and bisected until the rows the
/// server would change or drop are isolated: each is refused naming table, key and column (<c>--on-error stop</c>),
/// or recorded as rejected (<c>--on-error skip</c>). Nothing is stored changed.
/// </summary>
internal sealed class MySqlBatchLoader(MySqlConnection connection, MySqlLoadDataTable table, OnErrorMode onError, Func<RejectRecord, Task> reject)
{
    public async ValueTask<CopyCounts> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return default;
        }

        var loaded = await LoadRangeAsync(batch, 0, batch.Count, cancellationToken);
        return new CopyCounts(batch.Count, loaded, batch.Count - loaded, batch.ByteCount);
    }

    private async Task<long> LoadRangeAsync(RowBatch batch, int from, int to, CancellationToken cancellationToken)
    {
        if (from >= to)
        {
            return 0;
        }

        await connection.ExecuteAsync("SAVEPOINT godwit_batch", cancellationToken);
        string? problem;
        try
        {
            var result = await connection.LoadLocalDataAsync(
                table.Sql, MySqlLoadDataTable.FileName, (writer, ct) => table.WriteRowsAsync(writer, batch, from, to, ct), cancellationToken);
            problem = result.WarningCount > 0
                ? await FirstWarningAsync(cancellationToken)
                : result.AffectedRows != to - from
                    ? string.Create(CultureInfo.InvariantCulture, $"the server stored {result.AffectedRows} of {to - from} rows (a duplicate key?)")
                    : null;
        }
        catch (MySqlException ex) when (!ex.IsClientError && connection.IsUsable)
        {
            problem = ex.Message;
        }

        if (problem is null)
        {
            await connection.ExecuteAsync("RELEASE SAVEPOINT godwit_batch", cancellationToken);
            return to - from;
        }

        await connection.ExecuteAsync("ROLLBACK TO SAVEPOINT godwit_batch", cancellationToken);
        if (to - from == 1)
        {
            var r = new RejectRecord(table.Table.Name, table.Table.DescribeKey(batch, from), ColumnOf(problem), null, problem);
            if (onError == OnErrorMode.Stop)
            {
                throw new CopyRowException(r);
            }

            await reject(r);
            return 0;
        }

        var mid = from + ((to - from) / 2);
        return await LoadRangeAsync(batch, from, mid, cancellationToken) + await LoadRangeAsync(batch, mid, to, cancellationToken);
    }

    private async Task<string> FirstWarningAsync(CancellationToken cancellationToken)
    {
        await using var reader = await connection.QueryAsync("SHOW WARNINGS LIMIT 1", cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? $"{reader.GetString(2)} ({reader.GetString(0)} {reader.GetString(1)})" : "the server warned";
    }

    /// <summary>The column a server message names (<c>… for column `x` at row 1</c>, <c>… column 'x' …</c>).</summary>
    private string? ColumnOf(string message)
    {
        foreach (var c in table.Table.Columns)
        {
            if (message.Contains($"'{c.Name}'", StringComparison.Ordinal) || message.Contains($"`{c.Name}`", StringComparison.Ordinal))
            {
                return c.Source.Name;
            }
        }

        return null;
    }
}
