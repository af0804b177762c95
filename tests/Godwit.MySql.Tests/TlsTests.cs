using Godwit.Testing;

namespace Godwit.MySql.Tests;

public sealed class TlsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string CaFile => TestServers.MySqlCaFile
        ?? throw new InvalidOperationException("GODWIT_TEST_MYSQL_CA is not set: run `eval \"$(scripts/testbed.sh env)\"` (the testbed serves TLS).");

    private static async Task<string?> CipherAsync(MySqlConnection connection)
    {
        await using var reader = await connection.QueryAsync("SHOW SESSION STATUS LIKE 'Ssl_cipher'", None);
        Assert.True(await reader.ReadAsync(None));
        return reader.GetString(1);
    }

    [Fact]
    public async Task Required_mode_encrypts_the_session()
    {
        await using var connection = await TestDatabase.OpenAsync(TestDatabase.Settings with { SslMode = MySqlSslMode.Required });
        Assert.True(connection.IsTls);
        Assert.False(string.IsNullOrEmpty(await CipherAsync(connection)));
    }

    [Fact]
    public async Task Disabled_mode_stays_in_cleartext()
    {
        await using var connection = await TestDatabase.OpenAsync(TestDatabase.Settings with { SslMode = MySqlSslMode.Disabled });
        Assert.False(connection.IsTls);
        Assert.True(string.IsNullOrEmpty(await CipherAsync(connection)));
    }

    [Fact]
    public async Task Verify_full_accepts_the_testbed_certificate_signed_by_its_ca()
    {
        var settings = TestDatabase.Settings with { SslMode = MySqlSslMode.VerifyFull, CaCertificatePath = CaFile };
        await using var connection = await TestDatabase.OpenAsync(settings);
        Assert.True(connection.IsTls);
        Assert.Equal(1, await connection.ScalarAsync<int>("SELECT 1", None));
    }

    [Fact]
    public async Task Verify_ca_rejects_a_certificate_from_another_ca()
    {
        var otherCa = Path.Combine(Path.GetTempPath(), $"godwit-other-ca-{Guid.NewGuid():N}.pem");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=Unrelated CA", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(otherCa, certificate.ExportCertificatePem());
        }

        try
        {
            var settings = TestDatabase.Settings with { SslMode = MySqlSslMode.VerifyCa, CaCertificatePath = otherCa };
            var ex = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(settings, None));
            Assert.Equal((int)MySqlClientError.SslConnectionError, ex.ErrorCode);
            Assert.Contains("not signed by the configured CA", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(otherCa);
        }
    }

    [Fact]
    public async Task Verify_full_rejects_a_host_name_the_certificate_does_not_name()
    {
        // The testbed certificate names localhost and 127.0.0.1; the IPv4-mapped IPv6 form reaches
        // the same listener but is a different name.
        var settings = TestDatabase.Settings with { Host = "::ffff:127.0.0.1", SslMode = MySqlSslMode.VerifyFull, CaCertificatePath = CaFile };
        var ex = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(settings, None));
        Assert.Equal((int)MySqlClientError.SslConnectionError, ex.ErrorCode);
        Assert.Contains("host name", ex.Message, StringComparison.Ordinal);

        await using var caOnly = await TestDatabase.OpenAsync(settings with { SslMode = MySqlSslMode.VerifyCa });
        Assert.True(caOnly.IsTls);
    }
}
