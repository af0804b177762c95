using System.Security.Cryptography;
using System.Text;

namespace Godwit.MySql.Authentication;

/// <summary>
/// Encrypts a password for sha256_password/caching_sha2_password over an unencrypted connection:
/// (password + NUL) XOR the nonce (repeated), then RSA with OAEP padding (SHA-1 MGF, the server's
/// RSA_PKCS1_OAEP_PADDING) under the server's public key.
/// </summary>
internal static class RsaPasswordEncryptor
{
    public static byte[] Encrypt(string password, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> publicKeyPem)
    {
        var pem = Encoding.ASCII.GetString(publicKeyPem).Trim('\0', ' ', '\n', '\r');
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (ArgumentException ex)
        {
            throw MySqlException.Client(MySqlClientError.MalformedPacket, "The server's RSA public key is not valid PEM.", ex);
        }

        var plain = ClearPasswordAuthenticator.NullTerminated(password);
        var salt = nonce[..Math.Min(20, nonce.Length)];
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] ^= salt[i % salt.Length];
        }

        return rsa.Encrypt(plain, RSAEncryptionPadding.OaepSHA1);
    }

    /// <summary>The PEM of <see cref="MySqlConnectionSettings.ServerPublicKeyPath"/>, when configured.</summary>
    public static byte[]? LoadConfiguredPublicKey(MySqlConnectionSettings settings) =>
        settings.ServerPublicKeyPath is { Length: > 0 } path ? File.ReadAllBytes(path) : null;

    public static void EnsureRetrievalAllowed(MySqlConnectionSettings settings, string plugin)
    {
        if (!settings.AllowPublicKeyRetrieval)
        {
            throw MySqlException.Client(
                MySqlClientError.AuthenticationPluginUnsupported,
                $"{plugin} needs the server's RSA public key on an unencrypted connection, but retrieving it is disabled "
                + "(allow_public_key_retrieval=false); use TLS or set server_public_key=<path>.");
        }
    }
}
