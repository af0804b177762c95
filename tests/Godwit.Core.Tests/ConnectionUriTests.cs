using Godwit.Core.Connections;

namespace Godwit.Core.Tests;

public sealed class ConnectionUriTests
{
    [Fact]
    public void A_mysql_uri_gives_user_password_host_port_and_database()
    {
        var uri = ConnectionUri.Parse("mysql://app:s3cr%40t@db.example.com:3310/shop?sslmode=required");

        Assert.Equal(DatabaseEngine.MySql, uri.Engine);
        Assert.Equal("app", uri.User);
        Assert.Equal("s3cr@t", uri.Password);
        Assert.Equal("db.example.com", uri.Host);
        Assert.Equal(3310, uri.Port);
        Assert.Equal("shop", uri.Database);
        Assert.Equal("required", uri.GetOption("sslmode"));
    }

    [Theory]
    [InlineData("mariadb://u@h", DatabaseEngine.MySql, 3306)]
    [InlineData("postgres://u@h", DatabaseEngine.Postgres, 5432)]
    [InlineData("postgresql://u@h/db", DatabaseEngine.Postgres, 5432)]
    public void Each_scheme_maps_to_its_engine_and_default_port(string text, DatabaseEngine engine, int port)
    {
        var uri = ConnectionUri.Parse(text);

        Assert.Equal(engine, uri.Engine);
        Assert.Equal(port, uri.Port);
    }

    [Fact]
    public void An_ipv6_host_in_brackets_keeps_its_port()
    {
        var uri = ConnectionUri.Parse("postgresql://u:p@[::1]:5433/postgres");

        Assert.Equal("::1", uri.Host);
        Assert.Equal(5433, uri.Port);
        Assert.Equal("postgresql://u:****@[::1]:5433/postgres", uri.ToString());
    }

    [Fact]
    public void ToString_masks_the_password_and_the_unmasked_form_round_trips()
    {
        var uri = ConnectionUri.Parse("mysql://root:p%3Aa%2Fss@127.0.0.1:3307/db");

        Assert.Equal("mysql://root:****@127.0.0.1:3307/db", uri.ToString());
        Assert.DoesNotContain("p:a/ss", uri.ToString(), StringComparison.Ordinal);
        Assert.Equal("p:a/ss", ConnectionUri.Parse(uri.ToUnmaskedString()).Password);
    }

    [Fact]
    public void A_password_in_the_query_string_is_taken_as_the_password_and_masked()
    {
        var uri = ConnectionUri.Parse("postgresql://u@h/db?password=hunter22&application_name=x");

        Assert.Equal("hunter22", uri.Password);
        Assert.DoesNotContain("hunter22", uri.ToString(), StringComparison.Ordinal);
        Assert.False(uri.Options.ContainsKey("password"));
    }

    [Fact]
    public void A_postgres_socket_directory_comes_from_the_host_option()
    {
        var uri = ConnectionUri.Parse("postgresql://u@/db?host=/var/run/postgresql");

        Assert.Equal("/var/run/postgresql", uri.UnixSocket);
        Assert.Equal("localhost", uri.Host);
    }

    [Theory]
    [InlineData("oracle://u:topsecret@h/db", "Unsupported URI scheme")]
    [InlineData("mysql://u:topsecret@h:99999/db", "Invalid port")]
    [InlineData("u:topsecret@h/db", "is not a connection URI")]
    public void A_bad_uri_is_a_clear_error_that_never_contains_the_password(string text, string expected)
    {
        var ex = Assert.Throws<ConnectionUriException>(() => ConnectionUri.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", ex.Message, StringComparison.Ordinal);
    }
}
