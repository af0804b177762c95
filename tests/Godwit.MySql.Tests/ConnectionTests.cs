using Godwit.Core.Connections;
using Godwit.Providers.MySql;

namespace Godwit.MySql.Tests;

public sealed class ConnectionTests
{
    [Fact]
    public async Task Connects_and_reports_mariadb_version_and_connection_id()
    {
        await using var connection = await TestDatabase.OpenAsync();
        Assert.True(connection.ServerVersion.IsMariaDb);
        Assert.True(connection.ServerVersion.Major >= 10);
        var id = await connection.ScalarAsync<long>("SELECT CONNECTION_ID()", CancellationToken.None);
        Assert.Equal(connection.ConnectionId, id);
        var version = await connection.ScalarAsync<string>("SELECT VERSION()", CancellationToken.None);
        Assert.StartsWith($"{connection.ServerVersion.Major}.{connection.ServerVersion.Minor}.{connection.ServerVersion.Patch}", version, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_uses_utf8mb4()
    {
        await using var connection = await TestDatabase.OpenAsync();
        Assert.Equal("utf8mb4", await connection.ScalarAsync<string>("SELECT @@character_set_client", CancellationToken.None));
        Assert.Equal("utf8mb4", await connection.ScalarAsync<string>("SELECT @@character_set_results", CancellationToken.None));
        Assert.Equal("utf8mb4", await connection.ScalarAsync<string>("SELECT @@character_set_connection", CancellationToken.None));
    }

    [Fact]
    public async Task Wrong_password_gives_access_denied_without_the_password_in_the_message()
    {
        const string secret = "Wr0ngPassw0rd-xyz";
        var settings = TestDatabase.Settings with { Password = secret };
        var ex = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(settings, CancellationToken.None));
        Assert.Equal(MySqlException.ErrorAccessDenied, ex.ErrorCode);
        Assert.Equal("28000", ex.SqlState);
        Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_database_gives_error_1049()
    {
        var settings = TestDatabase.Settings with { Database = "godwit_no_such_database_here" };
        var ex = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(settings, CancellationToken.None));
        Assert.Equal(MySqlException.ErrorUnknownDatabase, ex.ErrorCode);
        Assert.Equal("42000", ex.SqlState);
        Assert.Contains("godwit_no_such_database_here", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_gives_a_clear_connection_error()
    {
        var settings = TestDatabase.Settings with { Host = "127.0.0.1", Port = 1 };
        var ex = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(settings, CancellationToken.None));
        Assert.Equal((int)MySqlClientError.HostConnectionError, ex.ErrorCode);
        Assert.Contains("127.0.0.1:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connects_with_a_default_database()
    {
        await using var connection = await TestDatabase.OpenAsync(TestDatabase.Settings with { Database = "mysql" });
        Assert.Equal("mysql", await connection.ScalarAsync<string>("SELECT DATABASE()", CancellationToken.None));
    }

    [Fact]
    public async Task Sends_connection_attributes()
    {
        await using var connection = await TestDatabase.OpenAsync();
        var enabled = await connection.ScalarAsync<string>("SELECT @@performance_schema", CancellationToken.None);
        if (enabled == "1")
        {
            var name = await connection.ScalarAsync<string>(
                $"SELECT ATTR_VALUE FROM performance_schema.session_connect_attrs WHERE PROCESSLIST_ID = {connection.ConnectionId} AND ATTR_NAME = '_client_name'",
                CancellationToken.None);
            Assert.Equal("godwit", name);
        }
        else
        {
            // Without performance_schema the server still accepted the attribute block: the session works.
            Assert.Equal(1, await connection.ScalarAsync<int>("SELECT 1", CancellationToken.None));
        }
    }

    [Theory]
    [InlineData("disabled", MySqlSslMode.Disabled)]
    [InlineData("PREFERRED", MySqlSslMode.Preferred)]
    [InlineData("require", MySqlSslMode.Required)]
    [InlineData("VERIFY_CA", MySqlSslMode.VerifyCa)]
    [InlineData("verify-full", MySqlSslMode.VerifyFull)]
    [InlineData("VERIFY_IDENTITY", MySqlSslMode.VerifyFull)]
    public void Settings_read_ssl_mode_spellings_from_the_uri(string text, MySqlSslMode expected)
    {
        var uri = ConnectionUri.Parse($"mysql://u:p@h:3310/db?ssl-mode={text}&sslca=/ca.pem&connect_timeout=7&socket=/run/my.sock");
        var settings = MySqlUriSettings.From(uri);
        Assert.Equal(expected, settings.SslMode);
        Assert.Equal("/ca.pem", settings.CaCertificatePath);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.ConnectTimeout);
        Assert.Equal("/run/my.sock", settings.UnixSocket);
        Assert.Equal("h", settings.Host);
        Assert.Equal(3310, settings.Port);
        Assert.Equal("db", settings.Database);
        Assert.DoesNotContain(":p@", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Server_version_detects_mariadb_behind_the_replication_prefix()
    {
        var version = ServerVersion.Parse("5.5.5-10.11.6-MariaDB-0+deb12u1-log");
        Assert.True(version.IsMariaDb);
        Assert.Equal((10, 11, 6), (version.Major, version.Minor, version.Patch));
        Assert.True(version.SupportsExtendedMetadata);

        var mysql = ServerVersion.Parse("8.0.36-0ubuntu0.22.04.1");
        Assert.False(mysql.IsMariaDb);
        Assert.Equal((8, 0, 36), (mysql.Major, mysql.Minor, mysql.Patch));
        Assert.True(mysql.SupportsUtf8Mb4Uca0900);
        Assert.False(mysql.SupportsExtendedMetadata);
    }

    [Theory]
    [InlineData("sslmod=required", "Unknown option 'sslmod'")]
    [InlineData("sslmode=sometimes", "Unknown sslmode 'sometimes'")]
    [InlineData("connect_timeout=soon", "connect_timeout must be a positive number")]
    public void A_bad_uri_option_is_a_clear_error_without_the_password(string query, string expected)
    {
        var uri = ConnectionUri.Parse($"mysql://u:opt-secret-pw@h/db?{query}");

        var ex = Assert.Throws<ConnectionUriException>(() => MySqlUriSettings.From(uri));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("opt-secret-pw", ex.Message, StringComparison.Ordinal);
    }
}
