using System.Text;

namespace Godwit.MySql.Authentication;

/// <summary>mysql_clear_password (PAM, LDAP): the password as a NUL-terminated string; refused without TLS or a Unix socket.</summary>
internal sealed class ClearPasswordAuthenticator : IAuthenticationPlugin
{
    public string Name => AuthenticationPlugins.MySqlClearPassword;

    public byte[] CreateInitialResponse(AuthenticationContext context)
    {
        if (!context.IsSecureTransport)
        {
            throw MySqlException.Client(
                MySqlClientError.AuthenticationPluginUnsupported,
                "The server requested mysql_clear_password, which would send the password unencrypted; use TLS (sslmode=required) or a Unix socket.");
        }

        return NullTerminated(context.Password);
    }

    public byte[]? HandleMoreData(AuthenticationContext context, ReadOnlySpan<byte> data) =>
        throw MySqlException.Client(MySqlClientError.MalformedPacket, "Unexpected extra authentication data for mysql_clear_password.");

    public static byte[] NullTerminated(string password)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(password) + 1];
        Encoding.UTF8.GetBytes(password, bytes);
        return bytes;
    }
}
