using Godwit.MySql.Authentication;

namespace Godwit.MySql.Tests;

public sealed class AuthenticationPluginTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    // RFC 8032 section 7.1, tests 1 and 2.
    [InlineData(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData(
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "72",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Ed25519_signatures_match_the_rfc_8032_test_vectors(string seed, string message, string publicKey, string signature)
    {
        Assert.Equal(publicKey, Convert.ToHexStringLower(Ed25519Signer.PublicKey(Convert.FromHexString(seed))));
        Assert.Equal(signature, Convert.ToHexStringLower(Ed25519Signer.Sign(Convert.FromHexString(seed), Convert.FromHexString(message))));
    }

    [Fact]
    public async Task Logs_in_as_a_mariadb_ed25519_user()
    {
        var user = "godwit_ed_" + Guid.NewGuid().ToString("N")[..8];
        await using var admin = await TestDatabase.OpenAsync();
        var installed = await admin.ScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'ed25519' AND PLUGIN_STATUS = 'ACTIVE'", None);
        if (installed == 0)
        {
            // Ships with MariaDB as auth_ed25519.so; installing it only adds an authentication method.
            await admin.ExecuteAsync("INSTALL SONAME 'auth_ed25519'", None);
        }

        await admin.ExecuteAsync($"CREATE USER '{user}'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('s3cret-édition')", None);
        try
        {
            var settings = TestDatabase.Settings with { User = user, Password = "s3cret-édition", SslMode = MySqlSslMode.Disabled };
            await using (var connection = await MySqlConnection.OpenAsync(settings, None))
            {
                Assert.Equal($"{user}@%", await connection.ScalarAsync<string>("SELECT CURRENT_USER()", None));
            }

            var wrong = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(settings with { Password = "nope" }, None));
            Assert.Equal(MySqlException.ErrorAccessDenied, wrong.ErrorCode);
        }
        finally
        {
            await admin.ExecuteAsync($"DROP USER '{user}'@'%'", None);
        }
    }

    [Fact]
    public async Task Logs_in_as_a_native_password_user_over_tls_and_without()
    {
        var user = "godwit_np_" + Guid.NewGuid().ToString("N")[..8];
        await using var admin = await TestDatabase.OpenAsync();
        await admin.ExecuteAsync($"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw-ü-😀'", None);
        try
        {
            foreach (var mode in new[] { MySqlSslMode.Disabled, MySqlSslMode.Required })
            {
                var settings = TestDatabase.Settings with { User = user, Password = "pw-ü-😀", SslMode = mode };
                await using var connection = await MySqlConnection.OpenAsync(settings, None);
                Assert.Equal($"{user}@%", await connection.ScalarAsync<string>("SELECT CURRENT_USER()", None));
            }
        }
        finally
        {
            await admin.ExecuteAsync($"DROP USER '{user}'@'%'", None);
        }
    }

    [Fact]
    public async Task Logs_in_as_a_user_without_password()
    {
        var user = "godwit_nopw_" + Guid.NewGuid().ToString("N")[..8];
        await using var admin = await TestDatabase.OpenAsync();
        await admin.ExecuteAsync($"CREATE USER '{user}'@'%'", None);
        try
        {
            await using var connection = await MySqlConnection.OpenAsync(TestDatabase.Settings with { User = user, Password = null }, None);
            Assert.Equal($"{user}@%", await connection.ScalarAsync<string>("SELECT CURRENT_USER()", None));
        }
        finally
        {
            await admin.ExecuteAsync($"DROP USER '{user}'@'%'", None);
        }
    }
}
