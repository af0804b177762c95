namespace Godwit.MySql.Authentication;

/// <summary>
/// sha256_password: always "full authentication". Over TLS/Unix socket the password goes in
/// cleartext; otherwise the client asks for the RSA public key by sending 0x01 (not 0x02 as in
/// caching_sha2_password) and sends the password encrypted with it.
/// </summary>
internal sealed class Sha256PasswordAuthenticator : IAuthenticationPlugin
{
    public const byte RequestPublicKey = 0x01;

    public string Name => AuthenticationPlugins.Sha256Password;

    public byte[] CreateInitialResponse(AuthenticationContext context)
    {
        if (context.Password.Length == 0)
        {
            return [0];
        }

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
        return [RequestPublicKey];
    }

    public byte[]? HandleMoreData(AuthenticationContext context, ReadOnlySpan<byte> data) =>
        RsaPasswordEncryptor.Encrypt(context.Password, context.Scramble, data);
}
