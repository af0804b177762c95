using System.Net.Security;
using System.Security.Authentication;
using Godwit.MySql.Authentication;
using Godwit.MySql.Protocol;
using Godwit.MySql.Text;
using Godwit.MySql.Transport;

namespace Godwit.MySql;

/// <summary>
/// Runs the connection phase: reads the server's handshake, negotiates capabilities, upgrades to
/// TLS when asked, and drives the authentication exchange including auth switch requests.
/// </summary>
internal static class ConnectionEstablisher
{
    private const CapabilityFlags DesiredCapabilities =
        CapabilityFlags.ClientMySql | CapabilityFlags.LongFlag | CapabilityFlags.Protocol41 | CapabilityFlags.Transactions
        | CapabilityFlags.SecureConnection | CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults
        | CapabilityFlags.PsMultiResults | CapabilityFlags.PluginAuth | CapabilityFlags.ConnectAttributes
        | CapabilityFlags.PluginAuthLengthEncodedClientData | CapabilityFlags.DeprecateEof
        | CapabilityFlags.MariaDbExtendedMetadata;

    private const CapabilityFlags RequiredCapabilities =
        CapabilityFlags.Protocol41 | CapabilityFlags.SecureConnection | CapabilityFlags.PluginAuth;

    public static async Task<EstablishedSession> EstablishAsync(
        MySqlPacketTransport transport, MySqlConnectionSettings settings, bool isUnixSocket, CancellationToken cancellationToken)
    {
        var handshake = HandshakeV10Packet.Parse((await transport.ReadPayloadAsync(cancellationToken)).Span);
        var version = ServerVersion.Parse(handshake.ServerVersion);
        if ((handshake.Capabilities & RequiredCapabilities) != RequiredCapabilities)
        {
            throw MySqlException.Client(
                MySqlClientError.MalformedPacket,
                $"The server ({handshake.ServerVersion}) lacks protocol 4.1 plugin authentication; MySQL 5.5+ or MariaDB 10+ is required.");
        }

        var capabilities = DesiredCapabilities & handshake.Capabilities;
        if ((handshake.Capabilities & CapabilityFlags.ClientMySql) == 0)
        {
            // A MariaDB server that clears CLIENT_MYSQL sends extended capabilities; a client that
            // wants them must clear it too (MariaDB docs, "Protocol differences with MySQL").
            capabilities &= ~CapabilityFlags.ClientMySql;
        }

        if (!string.IsNullOrEmpty(settings.Database))
        {
            capabilities |= CapabilityFlags.ConnectWithDb;
        }

        if (settings.AllowLocalInfile)
        {
            capabilities |= handshake.Capabilities & CapabilityFlags.LocalFiles;
        }

        var collation = version.SupportsUtf8Mb4Uca0900 ? CharacterSets.Utf8Mb4Uca0900AiCi : CharacterSets.Utf8Mb4GeneralCi;
        var useTls = await NegotiateTlsAsync(transport, settings, handshake, isUnixSocket, capabilities, collation, cancellationToken);
        if (useTls)
        {
            capabilities |= CapabilityFlags.Ssl;
        }

        var context = new AuthenticationContext(settings.Password, handshake.Scramble, useTls || isUnixSocket, settings);
        var plugin = AuthenticationPlugins.Create(handshake.AuthPluginName ?? AuthenticationPlugins.MySqlNativePassword);
        using (var writer = new MySqlPayloadWriter())
        {
            HandshakeResponsePacket.WriteResponse(
                writer, capabilities, collation, settings.User, plugin.CreateInitialResponse(context),
                settings.Database, plugin.Name, settings.ApplicationName);
            await transport.WritePayloadAsync(writer, cancellationToken);
        }

        await AuthenticateAsync(transport, context, plugin, cancellationToken);
        return new EstablishedSession(version, handshake.ConnectionId, capabilities, useTls);
    }

    private static async Task AuthenticateAsync(
        MySqlPacketTransport transport, AuthenticationContext context, IAuthenticationPlugin plugin, CancellationToken cancellationToken)
    {
        while (true)
        {
            var payload = await transport.ReadPayloadAsync(cancellationToken);
            var header = payload.Length > 0 ? payload.Span[0] : (byte)0xFF;
            byte[]? reply;
            switch (header)
            {
                case OkPacket.OkHeader:
                    return;
                case OkPacket.ErrorHeader:
                    throw ErrorPacket.Parse(payload.Span);
                case OkPacket.EofHeader:
                    // AuthSwitchRequest: 0xFE, string<NUL> plugin name, string<EOF> plugin data (nonce).
                    (plugin, context.Scramble) = ParseAuthSwitch(payload.Span);
                    reply = plugin.CreateInitialResponse(context);
                    break;
                case 0x01:
                    reply = plugin.HandleMoreData(context, payload.Span[1..]);
                    break;
                default:
                    throw MySqlException.Client(
                        MySqlClientError.MalformedPacket, $"Unexpected packet 0x{header:X2} during authentication.");
            }

            if (reply is not null)
            {
                using var writer = new MySqlPayloadWriter(reply.Length);
                writer.Write(reply);
                await transport.WritePayloadAsync(writer, cancellationToken);
            }
        }
    }

    private static (IAuthenticationPlugin Plugin, byte[] Scramble) ParseAuthSwitch(ReadOnlySpan<byte> payload)
    {
        var reader = new MySqlPayloadReader(payload);
        reader.ReadByte();
        if (reader.IsAtEnd)
        {
            // A bare 0xFE asks for the pre-4.1 mysql_old_password scramble, which no supported server needs.
            throw MySqlException.Client(
                MySqlClientError.AuthenticationPluginUnsupported,
                "The server requested the authentication plugin 'mysql_old_password', which Godwit does not support.");
        }

        var name = reader.ReadNullTerminatedString();
        var data = reader.ReadToEnd();
        // The nonce is usually NUL-terminated; the terminator is not part of it.
        if (data.Length > 0 && data[^1] == 0)
        {
            data = data[..^1];
        }

        return (AuthenticationPlugins.Create(name), data.ToArray());
    }

    private static async Task<bool> NegotiateTlsAsync(
        MySqlPacketTransport transport,
        MySqlConnectionSettings settings,
        HandshakeV10Packet handshake,
        bool isUnixSocket,
        CapabilityFlags capabilities,
        byte collation,
        CancellationToken cancellationToken)
    {
        var mode = settings.SslMode;
        // A Unix socket is already private to the machine: only encrypt it when explicitly required.
        if (mode == MySqlSslMode.Disabled || (mode == MySqlSslMode.Preferred && isUnixSocket))
        {
            return false;
        }

        if ((handshake.Capabilities & CapabilityFlags.Ssl) == 0)
        {
            if (mode == MySqlSslMode.Preferred)
            {
                return false;
            }

            throw MySqlException.Client(
                MySqlClientError.SslConnectionError,
                $"sslmode={mode.ToString().ToLowerInvariant()} requires TLS, but the server at {Describe(settings)} does not support TLS "
                + "(it does not advertise CLIENT_SSL; configure ssl_cert/ssl_key on the server or use sslmode=preferred).");
        }

        using (var writer = new MySqlPayloadWriter(32))
        {
            HandshakeResponsePacket.WriteSslRequest(writer, capabilities | CapabilityFlags.Ssl, collation);
            await transport.WritePayloadAsync(writer, cancellationToken);
        }

        var validator = new ServerCertificateValidator(mode, settings.CaCertificatePath);
        var ssl = new SslStream(transport.Stream, leaveInnerStreamOpen: false, validator.Validate);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = settings.UnixSocket is null ? settings.Host : "localhost",
                    CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync();
            var reason = validator.FailureReason ?? ex.Message;
            throw MySqlException.Client(
                MySqlClientError.SslConnectionError, $"TLS handshake with {Describe(settings)} failed: {reason}.", ex);
        }

        transport.ReplaceStream(ssl);
        return true;
    }

    private static string Describe(MySqlConnectionSettings settings) =>
        settings.UnixSocket ?? $"{settings.Host}:{settings.Port}";
}
