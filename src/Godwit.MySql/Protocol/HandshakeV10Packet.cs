namespace Godwit.MySql.Protocol;

/// <summary>
/// The server's Initial Handshake Packet (protocol version 10), with MariaDB's extended capabilities
/// read from the filler bytes when the server clears CLIENT_MYSQL (MariaDB docs, "Connection").
/// </summary>
internal sealed class HandshakeV10Packet
{
    private HandshakeV10Packet(
        string serverVersion, uint connectionId, byte[] scramble, CapabilityFlags capabilities,
        byte collation, ServerStatusFlags status, string? authPluginName)
    {
        ServerVersion = serverVersion;
        ConnectionId = connectionId;
        Scramble = scramble;
        Capabilities = capabilities;
        Collation = collation;
        Status = status;
        AuthPluginName = authPluginName;
    }

    public string ServerVersion { get; }

    public uint ConnectionId { get; }

    /// <summary>The 20-byte nonce ("auth plugin data") for the authentication plugin.</summary>
    public byte[] Scramble { get; }

    public CapabilityFlags Capabilities { get; }

    public byte Collation { get; }

    public ServerStatusFlags Status { get; }

    public string? AuthPluginName { get; }

    public static HandshakeV10Packet Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new MySqlPayloadReader(payload);
        var protocolVersion = reader.ReadByte();
        if (protocolVersion == 0xFF)
        {
            // A server refusing the connection outright (too many connections, host blocked) sends
            // an ERR packet instead of the handshake, before capabilities are negotiated.
            throw ErrorPacket.Parse(payload);
        }

        if (protocolVersion != 10)
        {
            throw MySqlException.Client(
                MySqlClientError.MalformedPacket, $"Unsupported handshake protocol version {protocolVersion}; expected 10.");
        }

        var version = reader.ReadNullTerminatedString();
        var connectionId = reader.ReadUInt32();
        var scramble1 = reader.ReadBytes(8).ToArray();
        reader.Skip(1);
        var capabilities = (CapabilityFlags)reader.ReadUInt16();
        byte collation = 0;
        var status = ServerStatusFlags.None;
        string? plugin = null;
        var scramble = scramble1;
        if (!reader.IsAtEnd)
        {
            collation = reader.ReadByte();
            status = (ServerStatusFlags)reader.ReadUInt16();
            capabilities |= (CapabilityFlags)((ulong)reader.ReadUInt16() << 16);
            var authDataLength = reader.ReadByte();
            reader.Skip(6);
            var mariaDbCapabilities = reader.ReadUInt32();
            if ((capabilities & CapabilityFlags.ClientMySql) == 0)
            {
                capabilities |= (CapabilityFlags)((ulong)mariaDbCapabilities << 32);
            }

            if ((capabilities & CapabilityFlags.SecureConnection) != 0)
            {
                // Part 2 is max(13, length - 8) bytes, the last of which is a NUL that is not part of the nonce.
                var part2Length = Math.Max(13, authDataLength - 8);
                var part2 = reader.ReadBytes(Math.Min(part2Length, reader.Remaining));
                if (part2.Length > 0 && part2[^1] == 0)
                {
                    part2 = part2[..^1];
                }

                scramble = [.. scramble1, .. part2];
            }

            if ((capabilities & CapabilityFlags.PluginAuth) != 0 && !reader.IsAtEnd)
            {
                plugin = reader.ReadNullTerminatedString();
            }
        }

        return new HandshakeV10Packet(version, connectionId, scramble, capabilities, collation, status, plugin);
    }
}
