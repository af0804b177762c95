using System.Text;

namespace Godwit.MySql.Authentication;

/// <summary>
/// MariaDB's client_ed25519 (auth_ed25519 server plugin): the client signs the server's 32-byte
/// nonce with an Ed25519 key whose seed is the password, and sends the 64-byte signature. The
/// server verifies it against the stored public key, so the password never travels.
/// </summary>
internal sealed class Ed25519Authenticator : IAuthenticationPlugin
{
    public string Name => AuthenticationPlugins.ClientEd25519;

    public byte[] CreateInitialResponse(AuthenticationContext context) =>
        Ed25519Signer.Sign(Encoding.UTF8.GetBytes(context.Password), context.Scramble);

    public byte[]? HandleMoreData(AuthenticationContext context, ReadOnlySpan<byte> data) =>
        throw MySqlException.Client(MySqlClientError.MalformedPacket, "Unexpected extra authentication data for client_ed25519.");
}
