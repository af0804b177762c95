namespace Godwit.Cli.Tests.Copy;

/// <summary>The schema issue's type zoo, planted in MariaDB with edge values, migrated, and compared value for value.</summary>
public sealed class TypeZooRoundTripTests : CopyTestBase
{
    [Fact]
    public async Task Every_type_of_the_zoo_round_trips_value_for_value()
    {
        await MySql.ExecuteAsync(TypeZoo.Table + TypeZoo.Rows);

        var run = await MigrateAsync("--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        TypeZoo.AssertLanded(await PgRowsAsync(TypeZoo.Select(Schema)));
    }
}
