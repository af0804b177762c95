using System.Security.Cryptography;
using System.Text;

namespace Godwit.MySql.Authentication;

/// <summary>
/// mysql_native_password: SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))). The server stores
/// SHA1(SHA1(password)) and can check the response without ever seeing the password.
/// </summary>
internal sealed class MySqlNativePasswordAuthenticator : IAuthenticationPlugin
{
    public string Name => AuthenticationPlugins.MySqlNativePassword;

    public byte[] CreateInitialResponse(AuthenticationContext context) =>
        Scramble(context.Password, context.Scramble);

    public byte[]? HandleMoreData(AuthenticationContext context, ReadOnlySpan<byte> data) =>
        throw MySqlException.Client(MySqlClientError.MalformedPacket, "Unexpected extra authentication data for mysql_native_password.");

    public static byte[] Scramble(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0)
        {
            return [];
        }

#pragma warning disable CA5350 // SHA1 is what the protocol defines; this is not our choice of hash.
        var hash1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var hash2 = SHA1.HashData(hash1);
        var salted = SHA1.HashData([.. nonce[..Math.Min(20, nonce.Length)], .. hash2]);
#pragma warning restore CA5350
        for (var i = 0; i < hash1.Length; i++)
        {
            hash1[i] ^= salted[i];
        }

        return hash1;
    }
}
