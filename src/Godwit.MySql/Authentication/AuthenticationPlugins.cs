namespace Godwit.MySql.Authentication;

/// <summary>The client-side plugins this client implements, by the server's plugin name.</summary>
internal static class AuthenticationPlugins
{
    public const string MySqlNativePassword = "mysql_native_password";
    public const string CachingSha2Password = "caching_sha2_password";
    public const string Sha256Password = "sha256_password";
    public const string MySqlClearPassword = "mysql_clear_password";
    public const string ClientEd25519 = "client_ed25519";

    public static IAuthenticationPlugin Create(string name) => name switch
    {
        MySqlNativePassword => new MySqlNativePasswordAuthenticator(),
        CachingSha2Password => new CachingSha2Authenticator(),
        Sha256Password => new Sha256PasswordAuthenticator(),
        MySqlClearPassword => new ClearPasswordAuthenticator(),
        ClientEd25519 => new Ed25519Authenticator(),
        _ => throw MySqlException.Client(
            MySqlClientError.AuthenticationPluginUnsupported,
            $"The server requires the authentication plugin '{name}', which Godwit does not support "
            + $"(supported: {MySqlNativePassword}, {CachingSha2Password}, {Sha256Password}, {MySqlClearPassword}, {ClientEd25519})."),
    };
}
