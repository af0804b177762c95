namespace Godwit.Cli.Tests;

/// <summary>Numeric options refuse nonsense at parse time, naming the option, before anything connects.</summary>
public sealed class OptionValidationTests
{
    private const string Source = "mysql://u@127.0.0.1:1/db";
    private const string Target = "postgresql://u@127.0.0.1:1/db";

    [Theory]
    [InlineData("migrate", "--chunk-rows", "-5")]
    [InlineData("migrate", "--chunk-rows", "0")]
    [InlineData("migrate", "--max-rows-per-second", "-1")]
    [InlineData("migrate", "--jobs", "0")]
    [InlineData("verify", "--chunk-rows", "-1")]
    [InlineData("verify", "--jobs", "-2")]
    [InlineData("sync", "--server-id", "0")]
    [InlineData("cutover", "--sequence-gap", "-1")]
    public async Task A_non_positive_number_is_refused_naming_the_option(string command, string option, string value)
    {
        var run = await CliRun.InvokeAsync([command, "--source", Source, "--target", Target, option, value]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(option, run.StdErr, StringComparison.Ordinal);
        Assert.Contains(value, run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot connect", run.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql-bin.000042", "is not FILE:POS")]
    [InlineData("mysql-bin.000042:3", "positions start at 4")]
    public async Task A_from_position_that_is_not_one_is_refused_with_the_reason(string value, string reason)
    {
        var run = await CliRun.InvokeAsync(["sync", "--source", Source, "--target", Target, "--from", value]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"--from: '{value}'", run.StdErr, StringComparison.Ordinal);
        Assert.Contains(reason, run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot connect", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copying_postgresql_into_mysql_is_refused_before_anything_connects()
    {
        var run = await CliRun.InvokeAsync(["migrate", "--source", "postgresql://u@127.0.0.1:1/db", "--target", "mysql://u@127.0.0.1:1/"]);

        Assert.Equal(ExitCode.Error, run.ExitCode);
        Assert.Contains("copying PostgreSQL into MySQL is not built yet", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot connect", run.StdErr, StringComparison.Ordinal);
    }
}
