using Godwit.Core.Connections;
using Godwit.Demo.Seeding;
using Godwit.Postgres;
using Godwit.Postgres.Source;
using Npgsql;

namespace Godwit.Demo.Tests;

public sealed class PgAppAccountTests : PgDemoTestBase
{
    [Fact]
    public async Task The_app_role_reads_and_writes_the_demo_tables_and_may_do_nothing_else()
    {
        await SeedAsync();

        await using var app = await OpenAsAppAsync(AppUri);
        // A new row takes its id from the identity's sequence (USAGE), as the app's bookings do.
        await ExecuteAsync(app, "INSERT INTO booking.trips (destination, departs_on, duration, price, seats) VALUES ('Lofoten', '2031-02-01', '5 days', 1999.5, 12)");
        await ExecuteAsync(app, "UPDATE booking.trips SET seats = seats + 1 WHERE id = 1");
        await ExecuteAsync(app, "DELETE FROM booking.payments WHERE id = 1");
        Assert.NotEqual(0L, await ScalarAsync<long>(app, "SELECT count(*) FROM booking.confirmed_revenue"));

        // What could get a write past the cutover's freeze triggers, or change the schema under the migration, is refused.
        foreach (var sql in new[]
        {
            "CREATE TABLE booking.t (id int)",
            "TRUNCATE booking.payments",
            "ALTER TABLE booking.bookings DISABLE TRIGGER ALL",
            "DROP TABLE booking.payments",
            "SET session_replication_role = replica",
            "CREATE SCHEMA elsewhere",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(app, sql));
            Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refused.SqlState} {refused.MessageText}");
        }

        var role = (await SourceDb.RowsAsync(
            $"SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, (SELECT count(*) FROM pg_auth_members WHERE member = r.oid) FROM pg_roles r WHERE rolname = '{AppUser}'")).Single();
        Assert.Equal(new string?[] { "True", "False", "False", "False", "False", "False", "0" }, role);
        Assert.Equal("0", (await SourceDb.RowsAsync($"SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = '{AppUser}'")).Single()[0]);
    }

    [Fact]
    public async Task The_password_is_stored_as_a_SCRAM_verifier_made_by_the_demo_and_quotes_or_spaces_in_it_work()
    {
        await SeedAsync();
        const string password = "it's a \"pass\\word\" -- ; DROP ROLE x";

        var uri = await PgDemoAppAccount.CreateAsync(SourceAdmin, AppUser, password, CancellationToken.None);

        Assert.Equal(password, uri.Password);
        Assert.Equal(Schema, uri.GetOption(PgSourceProvider.SchemaOption));
        await using (var app = await OpenAsAppAsync(uri))
        {
            Assert.Equal(AppUser, await ScalarAsync<string>(app, "SELECT current_user::text"));
        }

        var stored = (await SourceDb.RowsAsync($"SELECT rolpassword FROM pg_authid WHERE rolname = '{AppUser}'")).Single()[0];
        Assert.StartsWith("SCRAM-SHA-256$4096:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("pass", stored, StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<PgConnectException>(() => OpenAsAppAsync(uri.WithPassword("it's a")));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, Assert.IsType<PostgresException>(wrong.InnerException).SqlState);
    }

    [Fact]
    public async Task Creating_the_role_again_replaces_its_password_and_dropping_it_leaves_no_role_behind()
    {
        await SeedAsync();
        var first = AppUri;

        var second = await PgDemoAppAccount.CreateAsync(SourceAdmin, AppUser, "another-" + AppPassword, CancellationToken.None);

        await Assert.ThrowsAsync<PgConnectException>(() => OpenAsAppAsync(first));
        await using (var app = await OpenAsAppAsync(second))
        {
            Assert.NotEqual(0L, await ScalarAsync<long>(app, "SELECT count(*) FROM booking.bookings"));
        }

        await PgDemoAppAccount.DropAsync(SourceAdmin, AppUser, CancellationToken.None);

        Assert.Equal("0", (await SourceDb.RowsAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{AppUser}'")).Single()[0]);
        await PgDemoAppAccount.DropAsync(SourceAdmin, AppUser, CancellationToken.None);
    }

    [Theory]
    [InlineData("App")]
    [InlineData("app\"; DROP ROLE godwit; --")]
    [InlineData("9app")]
    public async Task A_role_name_outside_lower_case_letters_digits_and_underscore_is_refused_before_anything_runs(string user)
    {
        await SeedAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => PgDemoAppAccount.CreateAsync(SourceAdmin, user, AppPassword, CancellationToken.None));

        Assert.Equal("0", (await SourceDb.RowsAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{user.Replace("'", "''", StringComparison.Ordinal)}'")).Single()[0]);
    }

    /// <summary>The app's connection: its URI without godwit's schema option (a URI option, not a connection setting).</summary>
    private static Task<NpgsqlConnection> OpenAsAppAsync(ConnectionUri uri) =>
        PgConnectionFactory.OpenAsync(uri.WithoutOption(PgSourceProvider.SchemaOption), pooled: false, CancellationToken.None);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
