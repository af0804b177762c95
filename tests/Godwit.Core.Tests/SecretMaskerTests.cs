using Godwit.Core.Connections;

namespace Godwit.Core.Tests;

public sealed class SecretMaskerTests
{
    [Theory]
    [InlineData("failed: mysql://godwit:godwit@127.0.0.1:1 refused", "failed: mysql://godwit:****@127.0.0.1:1 refused")]
    [InlineData("postgresql://a:b%40c@h/db and mariadb://x:y@z", "postgresql://a:****@h/db and mariadb://x:****@z")]
    [InlineData("Host=h;Password=abc123;Database=d", "Host=h;Password=****;Database=d")]
    [InlineData("no secrets here: mysql://user@host/db", "no secrets here: mysql://user@host/db")]
    public void Uri_passwords_and_password_pairs_are_masked(string input, string expected)
    {
        Assert.Equal(expected, SecretMasker.Mask(input));
    }

    [Fact]
    public void A_registered_secret_is_masked_wherever_it_appears()
    {
        var secret = "reg-" + Guid.NewGuid().ToString("N");
        SecretMasker.Register(secret);

        var masked = SecretMasker.Mask($"server said: access denied for password {secret} (also {Uri.EscapeDataString(secret)})");

        Assert.DoesNotContain(secret, masked, StringComparison.Ordinal);
    }
}
