using Godwit.Core.Connections;
using Godwit.Postgres.Wire;

namespace Godwit.Postgres.Tests.Wire;

/// <summary>The wire client takes plain connections only; TLS, several hosts and client certificates stay with Npgsql.</summary>
public sealed class PgWireSettingsTests
{
    [Theory]
    [InlineData("postgresql://u:p@db.example:6543/app", true)]
    [InlineData("postgresql://u:p@db.example/app?sslmode=disable", true)]
    [InlineData("postgresql://u:p@db.example/app?sslmode=allow", false)]
    [InlineData("postgresql://u:p@db.example/app?sslmode=require", false)]
    [InlineData("postgresql://u:p@db.example/app?sslmode=verify-full", false)]
    [InlineData("postgresql://u:p@db.example/app?sslmode=prefer&sslrootcert=/etc/ca.pem", false)]
    [InlineData("postgresql://u:p@db.example/app?target_session_attrs=read-write", false)]
    public void Only_what_the_wire_client_does_is_given_to_it(string uri, bool taken)
    {
        var settings = PgWireSettings.From(PgConnectionFactory.ToConnectionString(ConnectionUri.Parse(uri)));
        Assert.Equal(taken, settings is not null);
    }

    [Fact]
    public void The_default_sslmode_prefer_asks_the_server_for_tls_first()
    {
        var settings = PgWireSettings.From(PgConnectionFactory.ToConnectionString(ConnectionUri.Parse("postgresql://u:p@db.example:6543/app?application_name=mover")));
        Assert.NotNull(settings);
        Assert.True(settings.TryTls);
        Assert.Equal(("db.example", 6543, "u", "p", "app", "mover"), (settings.Host, settings.Port, settings.User, settings.Password, settings.Database, settings.ApplicationName));
    }
}
