namespace Godwit.Cli.Tests.Sync;

/// <summary>DECIMAL(65,30)/(65,0) extremes and FLOAT edges through the binlog: they land as the copy lands them.</summary>
public sealed class ExactValuesSyncTests : SyncTestBase
{
    [Fact]
    public async Task Decimal_65_30_and_float_edge_values_are_streamed_digit_for_digit_and_bit_for_bit()
    {
        var start = await SetUpAsync(ExactValues.Table);
        await MySql.ExecuteAsync(ExactValues.Rows);
        // An update through every column and back: before and after images carry the same values.
        await MySql.ExecuteAsync("UPDATE exact SET d65 = 0, d0 = 0, f = 0 WHERE id = 1");
        await MySql.ExecuteAsync($"UPDATE exact SET d65 = {ExactValues.Values[0].D65}, d0 = {ExactValues.Values[0].D0}, f = {ExactValues.Values[0].Float} WHERE id = 1");

        await SyncOkAsync("--from", start);

        ExactValues.AssertLanded(await PgRowsAsync(ExactValues.Select(Schema)));
    }
}
