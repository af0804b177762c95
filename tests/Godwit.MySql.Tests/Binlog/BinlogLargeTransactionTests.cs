using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>
/// A 200,000-row transaction streams in bounded memory. It runs alone (see
/// <see cref="MemoryMeasurementCollection"/>) so other tests' allocations do not blur the measurement.
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class BinlogLargeTransactionTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_transaction_far_larger_than_the_memory_bound_streams_row_by_row()
    {
        const int rowCount = 200_000;
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(200))", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync(
            $"INSERT INTO big SELECT seq, REPEAT('x', 200) FROM seq_1_to_{rowCount}", None);
        var end = await BinlogTestServer.CurrentPositionAsync();

        await using var client = await BinlogTestServer.StartAsync(BinlogStart.FromPosition(start));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peakRetained = 0;
        var rows = 0;
        var rowsEvents = 0;
        long expectedSum = (long)rowCount * (rowCount + 1) / 2, sum = 0;
        while (await client.ReadAsync(None) is { } binlogEvent)
        {
            if (binlogEvent is RowsEvent rowsEvent && rowsEvent.Table.Database == database.Name)
            {
                rowsEvents++;
                while (rowsEvent.ReadRow())
                {
                    rows++;
                    sum += long.Parse(rowsEvent.After!.GetText(0), System.Globalization.CultureInfo.InvariantCulture);
                    if (rows % 50_000 == 0)
                    {
                        peakRetained = Math.Max(peakRetained, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                    }
                }
            }

            if (binlogEvent is XidEvent && rows == rowCount)
            {
                break;
            }
        }

        Assert.Equal(rowCount, rows);
        Assert.Equal(expectedSum, sum);
        Assert.True(rowsEvents > 100, $"the transaction came in {rowsEvents} rows events");
        // The transaction is over 40 MB of binlog; what the reader retains stays a small fraction of it.
        var transactionBytes = end.FileName == start.FileName ? end.Position - start.Position : 40_000_000;
        Assert.True(transactionBytes > 40_000_000, $"the test transaction is only {transactionBytes} bytes");
        Assert.True(peakRetained < 8_000_000, $"retained {peakRetained} bytes while streaming a {transactionBytes}-byte transaction");
    }
}
