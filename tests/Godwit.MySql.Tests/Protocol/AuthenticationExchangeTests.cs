using System.Security.Cryptography;
using System.Text;
using Godwit.MySql.Protocol;
using static Godwit.MySql.Tests.Protocol.HandshakeFixtures;

namespace Godwit.MySql.Tests.Protocol;

public sealed class AuthenticationExchangeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Independent of the client's implementation: the formulas from the protocol documentation.
    private static byte[] ExpectedSha2Scramble(string password, byte[] nonce)
    {
        var p1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var p3 = SHA256.HashData([.. SHA256.HashData(p1), .. nonce]);
        return p1.Zip(p3, (a, b) => (byte)(a ^ b)).ToArray();
    }

#pragma warning disable CA5350 // the protocol's SHA1
    private static byte[] ExpectedNativeScramble(string password, byte[] nonce)
    {
        var h1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var h3 = SHA1.HashData([.. nonce, .. SHA1.HashData(h1)]);
        return h1.Zip(h3, (a, b) => (byte)(a ^ b)).ToArray();
    }
#pragma warning restore CA5350

    [Fact]
    public async Task MySql8_caching_sha2_fast_auth_connects_and_runs_a_command()
    {
        HandshakeResponse? response = null;
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake("8.0.36", 4711, MySql8Capabilities, "caching_sha2_password"));
            response = ParseResponse(await session.ReceiveAsync());
            await session.SendAsync(AuthMoreData(0x03));
            await session.SendOkAsync();
            var command = await session.ReceiveCommandAsync();
            Assert.Equal([0x03, .. "UPDATE t SET x = 1"u8], command);
            await session.SendOkAsync(affectedRows: 5, lastInsertId: 9);
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Settings() with { Database = "shop" }, None))
        {
            Assert.False(connection.ServerVersion.IsMariaDb);
            Assert.Equal((8, 0, 36), (connection.ServerVersion.Major, connection.ServerVersion.Minor, connection.ServerVersion.Patch));
            Assert.Equal(4711, connection.ConnectionId);
            var result = await connection.ExecuteAsync("UPDATE t SET x = 1", None);
            Assert.Equal(new MySqlCommandResult(5, 9, 0), result);
        }

        await server.Completion;
        Assert.NotNull(response);
        Assert.Equal("alice", response.User);
        Assert.Equal("shop", response.Database);
        Assert.Equal("caching_sha2_password", response.Plugin);
        Assert.Equal(ExpectedSha2Scramble("secret", Nonce), response.AuthResponse);
        Assert.Equal(255, response.Collation); // utf8mb4_0900_ai_ci on MySQL 8
        Assert.True((response.Capabilities & CapabilityFlags.DeprecateEof) != 0);
        Assert.True((response.Capabilities & CapabilityFlags.Ssl) == 0);
        Assert.True((response.Capabilities & CapabilityFlags.ConnectAttributes) != 0);
        Assert.Contains("_client_name", response.RawAttributes, StringComparison.Ordinal);
        Assert.Contains("godwit", response.RawAttributes, StringComparison.Ordinal);
        Assert.Equal(0u, response.ExtendedCapabilities);
    }

    [Fact]
    public async Task Caching_sha2_full_auth_requests_the_rsa_key_and_sends_the_encrypted_password()
    {
        using var rsa = RSA.Create(2048);
        var publicPem = rsa.ExportSubjectPublicKeyInfoPem();
        byte[]? decrypted = null;
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake("8.0.36", 1, MySql8Capabilities, "caching_sha2_password"));
            await session.ReceiveAsync();
            await session.SendAsync(AuthMoreData(0x04));
            Assert.Equal(new byte[] { 0x02 }, await session.ReceiveAsync());
            await session.SendAsync(AuthMoreData(Encoding.ASCII.GetBytes(publicPem)));
            var encrypted = await session.ReceiveAsync();
            Assert.Equal(256, encrypted.Length);
            decrypted = rsa.Decrypt(encrypted, RSAEncryptionPadding.OaepSHA1);
            await session.SendOkAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Settings("pässwörd"), None))
        {
            Assert.Equal(1, connection.ConnectionId);
        }

        await server.Completion;
        Assert.NotNull(decrypted);
        var password = Encoding.UTF8.GetBytes("pässwörd\0");
        var unmasked = decrypted.Select((b, i) => (byte)(b ^ Nonce[i % Nonce.Length])).ToArray();
        Assert.Equal(password, unmasked);
    }

    [Fact]
    public async Task Caching_sha2_full_auth_over_a_secure_transport_sends_the_password_in_cleartext()
    {
        byte[]? cleartext = null;
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake("8.0.36", 1, MySql8Capabilities, "caching_sha2_password"));
            await session.ReceiveAsync();
            await session.SendAsync(AuthMoreData(0x04));
            cleartext = await session.ReceiveAsync();
            await session.SendOkAsync();
        });

        // Injected transport, flagged as a Unix socket (a local, unsniffable channel).
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, server.Port);
        var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        await using (await MySqlConnection.OpenAsync(stream, server.Settings(), isUnixSocket: true, None))
        {
        }

        await server.Completion;
        Assert.Equal("secret\0"u8.ToArray(), cleartext);
    }

    [Fact]
    public async Task Auth_switch_request_answers_with_the_requested_plugin_and_new_nonce()
    {
        var newNonce = Encoding.ASCII.GetBytes("ZYXWVUTSRQPONMLKJIHG");
        byte[]? switched = null;
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake("8.0.36", 2, MySql8Capabilities, "caching_sha2_password"));
            await session.ReceiveAsync();
            await session.SendAsync([0xFE], "mysql_native_password\0"u8.ToArray(), newNonce, [0]);
            switched = await session.ReceiveAsync();
            await session.SendOkAsync();
        });

        await using (await MySqlConnection.OpenAsync(server.Settings(), None))
        {
        }

        await server.Completion;
        Assert.Equal(ExpectedNativeScramble("secret", newNonce), switched);
    }

    [Fact]
    public async Task Auth_switch_to_an_unknown_plugin_names_it_in_a_client_error()
    {
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake("8.0.36", 3, MySql8Capabilities, "caching_sha2_password"));
            await session.ReceiveAsync();
            await session.SendAsync([0xFE], "authentication_kerberos_client\0"u8.ToArray(), Nonce);
            await Task.Delay(500);
        });

        var ex = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(server.Settings(), None));
        Assert.Equal((int)MySqlClientError.AuthenticationPluginUnsupported, ex.ErrorCode);
        Assert.Contains("'authentication_kerberos_client'", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsClientError);
    }

    [Fact]
    public async Task Sha256_password_without_tls_requests_the_key_with_0x01()
    {
        using var rsa = RSA.Create(2048);
        byte[]? first = null;
        byte[]? decrypted = null;
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake("8.0.36", 5, MySql8Capabilities, "sha256_password"));
            first = ParseResponse(await session.ReceiveAsync()).AuthResponse;
            await session.SendAsync(AuthMoreData(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())));
            decrypted = rsa.Decrypt(await session.ReceiveAsync(), RSAEncryptionPadding.OaepSHA1);
            await session.SendOkAsync();
        });

        await using (await MySqlConnection.OpenAsync(server.Settings(), None))
        {
        }

        await server.Completion;
        Assert.Equal(new byte[] { 0x01 }, first);
        Assert.Equal("secret\0"u8.ToArray(), decrypted!.Select((b, i) => (byte)(b ^ Nonce[i % Nonce.Length])).ToArray());
    }

    [Fact]
    public async Task Required_tls_against_a_server_without_tls_fails_clearly()
    {
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake("5.5.5-10.11.6-MariaDB", 6, MySql8Capabilities & ~CapabilityFlags.ClientMySql, "mysql_native_password"));
            await Task.Delay(500);
        });

        var ex = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(server.Settings() with { SslMode = MySqlSslMode.Required }, None));
        Assert.Equal((int)MySqlClientError.SslConnectionError, ex.ErrorCode);
        Assert.Contains("does not support TLS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mariadb_handshake_negotiates_extended_capabilities()
    {
        HandshakeResponse? response = null;
        const uint extendedMetadata = 1 << 3;
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake(
                "5.5.5-10.11.6-MariaDB-log", 7, MySql8Capabilities & ~CapabilityFlags.ClientMySql, "mysql_native_password",
                mariaDbCapabilities: 0b11111));
            response = ParseResponse(await session.ReceiveAsync());
            await session.SendOkAsync();
        });

        await using (var connection = await MySqlConnection.OpenAsync(server.Settings(), None))
        {
            Assert.True(connection.ServerVersion.IsMariaDb);
            Assert.Equal(10, connection.ServerVersion.Major);
        }

        await server.Completion;
        Assert.NotNull(response);
        Assert.True((response.Capabilities & CapabilityFlags.ClientMySql) == 0);
        Assert.Equal(extendedMetadata, response.ExtendedCapabilities);
        Assert.Equal(45, response.Collation);
        Assert.Equal(ExpectedNativeScramble("secret", Nonce), response.AuthResponse);
    }

    [Fact]
    public async Task Error_instead_of_handshake_is_reported_with_its_code()
    {
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync([0xFF, .. BitConverter.GetBytes((ushort)1040), .. "Too many connections"u8]);
            await Task.Delay(500);
        });

        var ex = await Assert.ThrowsAsync<MySqlException>(() => MySqlConnection.OpenAsync(server.Settings(), None));
        Assert.Equal(1040, ex.ErrorCode);
        Assert.Equal("Too many connections", ex.Message);
    }

    [Fact]
    public async Task Out_of_order_sequence_id_breaks_the_connection_with_a_clear_error()
    {
        await using var server = new ScriptedMySqlServer(async session =>
        {
            await session.SendAsync(Handshake("8.0.36", 8, MySql8Capabilities, "mysql_native_password"));
            await session.ReceiveAsync();
            await session.SendOkAsync();
            await session.ReceiveCommandAsync();
            // Skip sequence id 1.
            session.Transport.ResetSequence();
            await session.SendAsync([]);
            await session.SendOkAsync();
            await Task.Delay(500);
        });

        await using var connection = await MySqlConnection.OpenAsync(server.Settings(), None);
        var ex = await Assert.ThrowsAsync<MySqlException>(() => connection.ExecuteAsync("DO 1", None));
        Assert.Equal((int)MySqlClientError.PacketOutOfOrder, ex.ErrorCode);
        Assert.False(connection.IsUsable);
    }
}
