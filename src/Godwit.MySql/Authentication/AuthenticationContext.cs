namespace Godwit.MySql.Authentication;

/// <summary>What an authentication plugin needs: the secret, the server's nonce and the transport's security.</summary>
internal sealed class AuthenticationContext
{
    public AuthenticationContext(string? password, byte[] scramble, bool isSecureTransport, MySqlConnectionSettings settings)
    {
        Password = password ?? string.Empty;
        Scramble = scramble;
        IsSecureTransport = isSecureTransport;
        Settings = settings;
    }

    public string Password { get; }

    /// <summary>The nonce from the handshake, replaced by the one in an auth switch request.</summary>
    public byte[] Scramble { get; set; }

    /// <summary>TLS or a Unix socket: a cleartext password cannot be sniffed.</summary>
    public bool IsSecureTransport { get; }

    public MySqlConnectionSettings Settings { get; }
}
