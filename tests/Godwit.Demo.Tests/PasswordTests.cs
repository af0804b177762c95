using Godwit.Demo.Ledger;
using Godwit.Routing;

namespace Godwit.Demo.Tests;

/// <summary>
/// godwit-demo's passwords stay off its command line, where any local user can read them: URIs without one take it
/// from the environment as godwit does, and the app account never gets a password anyone could guess.
/// </summary>
public sealed class PasswordTests : DemoTestBase
{
    private const string AppPasswordVariable = "GODWIT_DEMO_APP_PASSWORD";
    private const string SourcePasswordVariable = "GODWIT_SOURCE_PASSWORD";
    private const string TargetPasswordVariable = "GODWIT_TARGET_PASSWORD";

    [Fact]
    public async Task Seeding_without_a_password_for_the_app_account_is_refused_rather_than_given_a_guessable_one()
    {
        using var environment = new ScopedEnvironment((AppPasswordVariable, null));

        var (code, _, stderr) = await DemoCliRun.RunAsync("seed", "--source", MySql.Uri.ToUnmaskedString(), "--scale", "0.01", "--app-user", AppUser);

        Assert.Equal(DemoExitCode.Error, code);
        Assert.Contains(AppPasswordVariable, stderr, StringComparison.Ordinal);
        Assert.Equal("0", (await MySql.RowsAsync($"SELECT COUNT(*) FROM mysql.user WHERE User = '{AppUser}'")).Single()[0]);
    }

    [Fact]
    public async Task URIs_without_a_password_take_it_from_the_environment_and_the_app_its_own_before_the_admins()
    {
        await SeedAsync();
        WriteRouting(RoutingPrimary.Source, 0);
        await Postgres.ExecuteAsync($"""
            CREATE SCHEMA "{MySql.Name}";
            CREATE TABLE "{MySql.Name}".bookings (id bigint, reference text, status text);
            CREATE TABLE "{MySql.Name}".payments (booking_id bigint, reference uuid);
            """);
        var admin = MySql.Uri.WithPassword(null).ToUnmaskedString();
        var app = AppUri.WithPassword(null).ToUnmaskedString();
        var target = Postgres.Uri.WithPassword(null).ToUnmaskedString();
        using var environment = new ScopedEnvironment(
            (AppPasswordVariable, AppPassword), (SourcePasswordVariable, MySql.Uri.Password), (TargetPasswordVariable, Postgres.Uri.Password));

        var traffic = await DemoCliRun.RunAsync(
            "traffic", "--routing-file", RoutingPath, "--source", app, "--target", target, "--rate", "20", "--duration", "1s", "--ledger", LedgerPath, "--json");
        var check = await DemoCliRun.RunAsync("check", "--source", admin, "--target", target, "--ledger", LedgerPath);

        Assert.True(traffic.Code == DemoExitCode.Success, traffic.StdErr);
        Assert.NotEmpty(TrafficLedger.Read(LedgerPath));

        // The target has the tables but not the app's rows (nothing migrated them): the check read both databases and says so.
        Assert.True(check.Code == DemoExitCode.Findings, check.StdOut + check.StdErr);
        Assert.Contains("missing on the target", check.StdErr, StringComparison.Ordinal);
    }
}
