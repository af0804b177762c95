using System.Security.Cryptography;
using System.Text;

namespace Godwit.MySql.Authentication;

/// <summary>
/// caching_sha2_password (MySQL 8 default). The first response is the SHA-256 scramble
/// XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)), nonce)). The server then answers 0x01 0x03 (fast
/// auth: cache hit, an OK follows) or 0x01 0x04 (full auth): the client must then send the
/// password in cleartext over TLS/Unix socket, or RSA-encrypted with the server's public key,
/// which it requests with 0x02 (MySQL internals, "caching_sha2_password information").
/// </summary>
internal sealed class CachingSha2Authenticator : IAuthenticationPlugin
{
    public const byte FastAuthSuccess = 0x03;
    public const byte PerformFullAuthentication = 0x04;
    public const byte RequestPublicKey = 0x02;

    private bool _awaitingPublicKey;

    public string Name => AuthenticationPlugins.CachingSha2Password;

    public byte[] CreateInitialResponse(AuthenticationContext context) =>
        Scramble(context.Password, context.Scramble);

    public byte[]? HandleMoreData(AuthenticationContext context, ReadOnlySpan<byte> data)
    {
        if (_awaitingPublicKey)
        {
            _awaitingPublicKey = false;
            return RsaPasswordEncryptor.Encrypt(context.Password, context.Scramble, data);
        }

        if (data.Length == 1 && data[0] == FastAuthSuccess)
        {
            return null;
        }

        if (data.Length == 1 && data[0] == PerformFullAuthentication)
        {
            if (context.IsSecureTransport)
            {
                return ClearPasswordAuthenticator.NullTerminated(context.Password);
            }

            var configuredKey = RsaPasswordEncryptor.LoadConfiguredPublicKey(context.Settings);
            if (configuredKey is not null)
            {
                return RsaPasswordEncryptor.Encrypt(context.Password, context.Scramble, configuredKey);
            }

            RsaPasswordEncryptor.EnsureRetrievalAllowed(context.Settings, Name);
            _awaitingPublicKey = true;
            return [RequestPublicKey];
        }

        throw MySqlException.Client(
            MySqlClientError.MalformedPacket, $"Unexpected caching_sha2_password message (length {data.Length}).");
    }

    public static byte[] Scramble(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0)
        {
            return [];
        }

        var hash1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var hash2 = SHA256.HashData(hash1);
        var hash3 = SHA256.HashData([.. hash2, .. nonce[..Math.Min(20, nonce.Length)]]);
        for (var i = 0; i < hash1.Length; i++)
        {
            hash1[i] ^= hash3[i];
        }

        return hash1;
    }
}
