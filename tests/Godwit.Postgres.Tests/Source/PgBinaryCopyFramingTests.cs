using Godwit.Postgres.Source;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Postgres.Tests.Source;

/// <summary>
/// The pass-through copy counts rows by following the framing of the server's own binary COPY output, whatever the
/// size of the pieces the socket delivers.
/// </summary>
public sealed class PgBinaryCopyFramingTests : IAsyncLifetime
{
    private const string Rows = """
        SELECT g AS id, CASE WHEN g % 3 = 0 THEN NULL ELSE 'row ' || g END AS name, g * 1.25::numeric(10,2) AS amount,
               CASE WHEN g % 5 = 0 THEN '' ELSE repeat('x', g) END AS body, ARRAY[g, NULL] AS arr
          FROM generate_series(1, 40) g
        """;

    private PgScratchDatabase _db = null!;

    public async Task InitializeAsync() => _db = await PgScratchDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Rows_and_value_bytes_are_counted_exactly_when_the_copy_data_arrives_split_at_any_byte()
    {
        var data = await CopyOutAsync($"COPY ({Rows}) TO STDOUT (FORMAT binary)");
        var whole = new PgBinaryCopyFraming(5);
        Assert.Equal(40, whole.Advance(data));
        Assert.True(whole.Ended);

        for (var split = 1; split < data.Length; split++)
        {
            var framing = new PgBinaryCopyFraming(5);
            var rows = framing.Advance(data.AsSpan(0, split)) + framing.Advance(data.AsSpan(split));
            Assert.True(rows == 40, $"split at byte {split}: {rows} rows");
            Assert.True(framing.Ended, $"split at byte {split}: no end marker seen");
            Assert.Equal(whole.ValueBytes, framing.ValueBytes);
        }

        var bytewise = new PgBinaryCopyFraming(5);
        var counted = 0;
        for (var i = 0; i < data.Length; i++)
        {
            counted += bytewise.Advance(data.AsSpan(i, 1));
        }

        Assert.Equal(40, counted);
        Assert.True(bytewise.Ended);
    }

    [Fact]
    public async Task Value_bytes_are_the_lengths_of_the_non_null_values()
    {
        var data = await CopyOutAsync($"COPY (SELECT id, name, body FROM ({Rows}) r) TO STDOUT (FORMAT binary)");
        var expected = await _db.ScalarAsync<long>($"SELECT sum(4 + coalesce(octet_length(name), 0) + octet_length(body)) FROM ({Rows}) r");
        var framing = new PgBinaryCopyFraming(3);

        framing.Advance(data);

        Assert.Equal(expected, framing.ValueBytes);
    }

    [Fact]
    public async Task Copy_data_cut_short_is_not_taken_for_a_whole_chunk()
    {
        var data = await CopyOutAsync($"COPY ({Rows}) TO STDOUT (FORMAT binary)");
        var framing = new PgBinaryCopyFraming(5);

        framing.Advance(data.AsSpan(0, data.Length - 2));

        Assert.False(framing.Ended);
    }

    [Fact]
    public async Task Copy_data_with_another_number_of_columns_is_refused()
    {
        var data = await CopyOutAsync("COPY (SELECT 1 AS a, 2 AS b) TO STDOUT (FORMAT binary)");
        var framing = new PgBinaryCopyFraming(3);

        var refused = Assert.Throws<InvalidDataException>(() => framing.Advance(data));

        Assert.Contains("2 fields where 3 columns", refused.Message, StringComparison.Ordinal);
    }

    private async Task<byte[]> CopyOutAsync(string sql)
    {
        await using var connection = await _db.OpenAsync();
        await using var stream = await connection.BeginRawBinaryCopyAsync(sql);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
