namespace Godwit.Routing.Tests;

public sealed class RetryableErrorsTests
{
    [Theory]
    [InlineData(1290, true)]
    [InlineData(1792, true)]
    [InlineData(1836, true)]
    [InlineData(2013, false)]
    [InlineData(1062, false)]
    public void Mysql_read_only_errors_are_recognised(int number, bool expected) =>
        Assert.Equal(expected, RetryableErrors.IsMySqlReadOnly(number));

    [Theory]
    [InlineData(2006, true)]
    [InlineData(2013, true)]
    [InlineData(1927, true)]
    [InlineData(1053, true)]
    [InlineData(1317, true)]
    [InlineData(1290, false)]
    [InlineData(1213, false)]
    public void Mysql_connection_losses_are_recognised(int number, bool expected) =>
        Assert.Equal(expected, RetryableErrors.IsMySqlConnectionLoss(number));

    [Theory]
    [InlineData("25006", true)]
    [InlineData("57P01", true)]
    [InlineData("57P02", true)]
    [InlineData("57P03", true)]
    [InlineData("08000", true)]
    [InlineData("08003", true)]
    [InlineData("08006", true)]
    [InlineData("40001", true)]
    [InlineData("40P01", true)]
    [InlineData("23505", false)]
    [InlineData("42P01", false)]
    [InlineData(null, false)]
    public void Postgres_retryable_states_are_recognised(string? sqlState, bool expected) =>
        Assert.Equal(expected, RetryableErrors.IsPostgresRetryable(sqlState));
}
