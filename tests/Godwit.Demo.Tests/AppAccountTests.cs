using Godwit.MySql;
using Godwit.Providers.MySql;

namespace Godwit.Demo.Tests;

public sealed class AppAccountTests : DemoTestBase
{
    [Fact]
    public async Task The_app_account_reads_and_writes_the_demo_tables_and_may_do_nothing_else()
    {
        await SeedAsync();

        await using var app = await MySqlConnection.OpenAsync(MySqlUriSettings.From(AppUri), CancellationToken.None);
        await app.ExecuteAsync("UPDATE trips SET seats = seats + 1 WHERE id = 1", CancellationToken.None);
        await app.ExecuteAsync("DELETE FROM payments WHERE id = 1", CancellationToken.None);
        Assert.NotEqual(0L, await app.ScalarAsync<long>("SELECT COUNT(*) FROM confirmed_revenue", CancellationToken.None));

        var create = await Assert.ThrowsAsync<MySqlException>(() => app.ExecuteAsync("CREATE TABLE t (id INT)", CancellationToken.None));
        Assert.Equal(1142, create.ErrorCode);
        var grants = new List<string>();
        await using (var reader = await app.QueryAsync("SHOW GRANTS FOR CURRENT_USER()", CancellationToken.None))
        {
            while (await reader.ReadAsync(CancellationToken.None))
            {
                grants.Add(reader.GetString(0));
            }
        }

        // Without READ_ONLY ADMIN (or SUPER, or ALL), SET GLOBAL read_only = ON stops this account's writes.
        Assert.All(grants, g => Assert.DoesNotContain("ALL PRIVILEGES", g, StringComparison.Ordinal));
        Assert.All(grants, g => Assert.DoesNotContain("READ_ONLY ADMIN", g, StringComparison.Ordinal));
        Assert.All(grants, g => Assert.DoesNotContain("SUPER", g, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_grant_does_not_reach_a_database_the_name_matches_only_with_underscore_as_a_wildcard()
    {
        await SeedAsync();
        var lookalike = string.Concat(MySql.Name.AsSpan(0, MySql.Name.IndexOf('_', StringComparison.Ordinal)), "x", MySql.Name.AsSpan(MySql.Name.IndexOf('_', StringComparison.Ordinal) + 1));
        await using var admin = await MySqlConnection.OpenAsync(MySqlUriSettings.From(MySql.Server), CancellationToken.None);
        await admin.ExecuteAsync($"CREATE DATABASE `{lookalike}`", CancellationToken.None);
        try
        {
            var denied = await Assert.ThrowsAsync<MySqlException>(() =>
                MySqlConnection.OpenAsync(MySqlUriSettings.From(AppUri) with { Database = lookalike }, CancellationToken.None));

            Assert.Equal(1044, denied.ErrorCode);
        }
        finally
        {
            await admin.ExecuteAsync($"DROP DATABASE `{lookalike}`", CancellationToken.None);
        }
    }
}
