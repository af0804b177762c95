using Godwit.Core.Connections;

namespace Godwit.Core.Tests;

public sealed class PasswordResolverTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("godwit-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void A_password_in_the_uri_wins_over_the_environment()
    {
        var resolver = new PasswordResolver(_ => "from-env", _home);

        var uri = resolver.Resolve(ConnectionUri.Parse("mysql://u:from-uri@h/db"), EndpointRole.Source);

        Assert.Equal("from-uri", uri.Password);
    }

    [Fact]
    public void The_source_and_target_variables_are_read_by_role()
    {
        var env = new Dictionary<string, string>
        {
            [PasswordResolver.SourcePasswordVariable] = "src-pw",
            [PasswordResolver.TargetPasswordVariable] = "tgt-pw",
        };
        var resolver = new PasswordResolver(k => env.GetValueOrDefault(k), _home);

        Assert.Equal("src-pw", resolver.Resolve(ConnectionUri.Parse("mysql://u@h/db"), EndpointRole.Source).Password);
        Assert.Equal("tgt-pw", resolver.Resolve(ConnectionUri.Parse("postgresql://u@h/db"), EndpointRole.Target).Password);
    }

    [Fact]
    public void Pgpass_is_matched_by_host_port_database_and_user_with_wildcards_and_escapes()
    {
        File.WriteAllLines(Path.Combine(_home, ".pgpass"),
        [
            "# comment",
            "otherhost:5432:*:app:wrong",
            "db.local:5433:*:app:pa\\:ss",
            "*:*:*:*:fallback",
        ]);
        var resolver = new PasswordResolver(_ => null, _home);

        Assert.Equal("pa:ss", resolver.Resolve(ConnectionUri.Parse("postgresql://app@db.local:5433/x"), EndpointRole.Target).Password);
        Assert.Equal("fallback", resolver.Resolve(ConnectionUri.Parse("postgresql://app@elsewhere/x"), EndpointRole.Target).Password);
    }

    [Fact]
    public void My_cnf_client_group_gives_the_mysql_password()
    {
        File.WriteAllLines(Path.Combine(_home, ".my.cnf"),
        [
            "[mysqld]",
            "password=not-this",
            "[client]",
            "user = app",
            "password = \"quoted pw\"",
        ]);
        var resolver = new PasswordResolver(_ => null, _home);

        Assert.Equal("quoted pw", resolver.Resolve(ConnectionUri.Parse("mysql://app@h/db"), EndpointRole.Source).Password);
    }

    [Fact]
    public void A_password_written_in_the_uri_is_not_registered_as_a_free_text_secret()
    {
        var resolver = new PasswordResolver(_ => null, _home);

        resolver.Resolve(ConnectionUri.Parse("mysql://u:uri-only-pw-4711@h/db"), EndpointRole.Source);

        Assert.Equal("word uri-only-pw-4711", SecretMasker.Mask("word uri-only-pw-4711"));
    }

    [Fact]
    public void A_resolved_password_is_registered_for_masking()
    {
        var pw = "env-" + Guid.NewGuid().ToString("N");
        var resolver = new PasswordResolver(_ => pw, _home);

        resolver.Resolve(ConnectionUri.Parse("mysql://u@h/db"), EndpointRole.Source);

        // Registered: masked wherever it stands as a credential, even where only the registry knows its end.
        Assert.Equal("login -p**** failed", SecretMasker.Mask($"login -p{pw} failed"));
    }
}
