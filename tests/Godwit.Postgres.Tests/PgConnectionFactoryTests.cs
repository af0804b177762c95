using Godwit.Core.Connections;
using Npgsql;

namespace Godwit.Postgres.Tests;

public sealed class PgConnectionFactoryTests
{
    [Fact]
    public void Libpq_query_options_become_npgsql_settings()
    {
        var uri = ConnectionUri.Parse(
            "postgresql://app:pw@db:6432/shop?sslmode=verify-full&sslrootcert=/etc/ca.pem&application_name=mover&connect_timeout=7");

        var b = PgConnectionFactory.ToConnectionString(uri);

        Assert.Equal("db", b.Host);
        Assert.Equal(6432, b.Port);
        Assert.Equal("app", b.Username);
        Assert.Equal("pw", b.Password);
        Assert.Equal("shop", b.Database);
        Assert.Equal(SslMode.VerifyFull, b.SslMode);
        Assert.Equal("/etc/ca.pem", b.RootCertificate);
        Assert.Equal("mover", b.ApplicationName);
        Assert.Equal(7, b.Timeout);
    }

    [Fact]
    public void The_application_name_defaults_to_godwit()
    {
        var b = PgConnectionFactory.ToConnectionString(ConnectionUri.Parse("postgres://u@h/db"));

        Assert.Equal("godwit", b.ApplicationName);
    }

    [Fact]
    public void An_unknown_option_is_an_error_and_never_shows_the_password()
    {
        var ex = Assert.Throws<ConnectionUriException>(
            () => PgConnectionFactory.ToConnectionString(ConnectionUri.Parse("postgresql://u:verysecret@h/db?sslmdoe=require")));

        Assert.Contains("Unknown option 'sslmdoe'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("verysecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_sslmode_is_named()
    {
        var ex = Assert.Throws<ConnectionUriException>(
            () => PgConnectionFactory.ToConnectionString(ConnectionUri.Parse("postgresql://u@h/db?sslmode=always")));

        Assert.Contains("Invalid sslmode 'always'", ex.Message, StringComparison.Ordinal);
    }
}
