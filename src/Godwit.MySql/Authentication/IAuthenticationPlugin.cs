namespace Godwit.MySql.Authentication;

/// <summary>One client-side authentication plugin; a new instance serves one connection attempt.</summary>
internal interface IAuthenticationPlugin
{
    string Name { get; }

    /// <summary>The auth response for the handshake response or for an auth switch request.</summary>
    byte[] CreateInitialResponse(AuthenticationContext context);

    /// <summary>
    /// Handles an AuthMoreData packet (0x01 + data). Returns the bytes to send back, or null when the
    /// plugin only waits for the server's next packet.
    /// </summary>
    byte[]? HandleMoreData(AuthenticationContext context, ReadOnlySpan<byte> data);
}
