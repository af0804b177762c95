using System.Globalization;

namespace Godwit.Cli.Tests.Copy;

/// <summary>DECIMAL(65,30)/(65,0) extremes and FLOAT edges through the copy, then verify noticing the smallest change.</summary>
public sealed class ExactValuesCopyTests : CopyTestBase
{
    [Fact]
    public async Task Decimal_65_30_and_float_edge_values_are_copied_digit_for_digit_and_bit_for_bit()
    {
        await MySql.ExecuteAsync(ExactValues.Table + ";" + ExactValues.Rows);

        var run = await MigrateAsync("--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        ExactValues.AssertLanded(await PgRowsAsync(ExactValues.Select(Schema)));
        foreach (var mode in new[] { "rows", "checksum" })
        {
            var verify = await VerifyAsync(mode);
            Assert.True(verify.ExitCode == 0, $"verify --mode {mode} exited {verify.ExitCode}:\n{verify.StdOut}\n{verify.StdErr}");
        }
    }

    [Theory]
    [InlineData("rows")]
    [InlineData("checksum")]
    public async Task Verify_finds_a_float_one_ulp_away_and_a_decimal_one_in_the_thirtieth_place(string mode)
    {
        await MySql.ExecuteAsync(ExactValues.Table + ";" + ExactValues.Rows);
        var run = await MigrateAsync();
        Assert.True(run.ExitCode == 0, run.StdErr);
        var next = MathF.BitIncrement(3.1415927f).ToString("R", CultureInfo.InvariantCulture);
        await Postgres.ExecuteAsync($"UPDATE \"{Schema}\".exact SET f = {next}::real WHERE id = 3");
        await Postgres.ExecuteAsync($"UPDATE \"{Schema}\".exact SET d65 = d65 + 0.000000000000000000000000000001 WHERE id = 5");

        var verify = await VerifyAsync(mode, "--recheck", "off");

        Assert.True(verify.ExitCode == 2, $"verify --mode {mode} exited {verify.ExitCode}:\n{verify.StdOut}\n{verify.StdErr}");
        Assert.Contains("id=3", verify.StdOut, StringComparison.Ordinal);
        Assert.Contains("id=5", verify.StdOut, StringComparison.Ordinal);
        if (mode == "rows")
        {
            Assert.Contains(next, verify.StdOut, StringComparison.Ordinal);
            Assert.Contains("12345678901234567890123456789012345.123456789012345678901234567891", verify.StdOut, StringComparison.Ordinal);
        }
    }

    private Task<CliRun> VerifyAsync(string mode, params string[] extra) =>
        CliRun.InvokeAsync(["verify", "--source", Source, "--target", Target, "--mode", mode, "--json", .. extra]);
}
