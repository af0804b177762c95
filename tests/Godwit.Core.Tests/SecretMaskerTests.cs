using Godwit.Core.Connections;

namespace Godwit.Core.Tests;

public sealed class SecretMaskerTests
{
    [Theory]
    [InlineData("failed: mysql://godwit:godwit@127.0.0.1:1 refused", "failed: mysql://godwit:****@127.0.0.1:1 refused")]
    [InlineData("postgresql://a:b%40c@h/db and mariadb://x:y@z", "postgresql://a:****@h/db and mariadb://x:****@z")]
    [InlineData("Host=h;Password=abc123;Database=d", "Host=h;Password=****;Database=d")]
    [InlineData("no secrets here: mysql://user@host/db", "no secrets here: mysql://user@host/db")]
    [InlineData("GODWIT_SOURCE_PASSWORD=abc PGPASSWORD='x y' MYSQL_PWD=z", "GODWIT_SOURCE_PASSWORD=**** PGPASSWORD=**** MYSQL_PWD=****")]
    [InlineData("{\"user\":\"u\",\"password\":\"p\\\"q\"}", "{\"user\":\"u\",\"password\":\"****\"}")]
    [InlineData("CREATE USER 'a'@'%' IDENTIFIED BY 'hunter2'", "CREATE USER 'a'@'%' IDENTIFIED BY '****'")]
    [InlineData("ALTER ROLE app PASSWORD 'hunter2' LOGIN", "ALTER ROLE app PASSWORD '****' LOGIN")]
    public void Passwords_are_masked_where_they_stand(string input, string expected)
    {
        Assert.Equal(expected, SecretMasker.Mask(input));
    }

    [Fact]
    public void A_registered_secret_that_is_also_an_ordinary_word_is_not_masked_in_free_text()
    {
        // Masking every occurrence would print "****: migrate: starting" and so reveal the password.
        SecretMasker.Register("godwit");

        Assert.Equal("godwit: migrate: starting (user godwit, database godwit)", SecretMasker.Mask("godwit: migrate: starting (user godwit, database godwit)"));
    }

    [Fact]
    public void A_registered_secret_with_spaces_and_an_at_sign_is_masked_whole_in_a_uri_and_a_pair()
    {
        var secret = "a b@c " + Guid.NewGuid().ToString("N");
        SecretMasker.Register(secret);

        var masked = SecretMasker.Mask($"mysql://u:{secret}@h/db; Password='{secret}'; psql -p{secret}");

        Assert.DoesNotContain(secret, masked, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..5], masked, StringComparison.Ordinal);
        Assert.Contains("mysql://u:****@h/db", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_secret_percent_escaped_in_a_uri_is_masked()
    {
        var secret = "p@ss:" + Guid.NewGuid().ToString("N");
        SecretMasker.Register(secret);

        var masked = SecretMasker.Mask($"cannot connect to postgresql://u:{Uri.EscapeDataString(secret)}@h/db");

        Assert.Equal("cannot connect to postgresql://u:****@h/db", masked);
    }
}
