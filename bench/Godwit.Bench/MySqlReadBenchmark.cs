using System.Diagnostics;
using System.Globalization;
using Godwit.Core.Connections;
using Godwit.MySql;
using Godwit.Providers.MySql;

namespace Godwit.Bench;

/// <summary>
/// Reads a whole result set over one connection and reports rows/s and managed bytes allocated per row.
/// <c>raw</c> touches every column's bytes (what the bulk copy needs); <c>typed</c> also decodes each
/// column with the typed accessor its column definition calls for.
/// </summary>
internal static class MySqlReadBenchmark
{
    public static async Task RunAsync(string uri, string sql, string mode, int runs)
    {
        var settings = MySqlUriSettings.From(ConnectionUri.Parse(uri));
        for (var run = 0; run < runs; run++)
        {
            await using var connection = await MySqlConnection.OpenAsync(settings, CancellationToken.None);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            long rows = 0;
            long bytes = 0;
            long checksum = 0;
            await using (var reader = await connection.QueryAsync(sql, CancellationToken.None))
            {
                var columns = reader.Columns.ToArray();
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    rows++;
                    for (var i = 0; i < columns.Length; i++)
                    {
                        if (reader.IsDBNull(i))
                        {
                            continue;
                        }

                        var raw = reader.GetRawBytes(i);
                        bytes += raw.Length;
                        if (mode == "typed")
                        {
                            checksum += TypedRead(reader, i, columns[i]);
                        }
                    }
                }
            }

            clock.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"benchmark\":\"mysql-read\",\"mode\":\"{mode}\",\"run\":{run + 1},\"rows\":{rows},\"bytes\":{bytes},\"seconds\":{clock.Elapsed.TotalSeconds:0.000},\"rows_per_s\":{rows / clock.Elapsed.TotalSeconds:0},\"alloc_bytes_per_row\":{(double)allocated / Math.Max(1, rows):0.00},\"checksum\":{checksum}}}"));
        }
    }

    // Decodes without boxing, as the copy will; the checksum keeps the JIT from discarding the work.
    private static long TypedRead(MySqlDataReader reader, int i, ColumnDefinition column) => column.Kind switch
    {
        MySqlColumnKind.TinyInt or MySqlColumnKind.SmallInt or MySqlColumnKind.MediumInt or MySqlColumnKind.Int or MySqlColumnKind.BigInt
            => column.IsUnsigned ? (long)reader.GetUInt64(i) : reader.GetInt64(i),
        MySqlColumnKind.Decimal => (long)reader.GetDecimal(i),
        MySqlColumnKind.Double or MySqlColumnKind.Float => (long)reader.GetDouble(i),
        MySqlColumnKind.DateTime or MySqlColumnKind.Date or MySqlColumnKind.Timestamp => reader.GetMySqlDateTime(i).Day,
        _ => reader.GetRawBytes(i).Length,
    };
}
