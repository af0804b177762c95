namespace Godwit.MySql.Protocol;

/// <summary>Writes the client's Handshake Response (and its 32-byte prefix, the SSL Request).</summary>
internal static class HandshakeResponsePacket
{
    // The largest packet we accept; the server still applies its own max_allowed_packet.
    private const uint MaxPacketSize = 1 << 30;

    /// <summary>
    /// int&lt;4&gt; capabilities, int&lt;4&gt; max packet size, int&lt;1&gt; collation, 19 reserved bytes, then
    /// MariaDB's extended capabilities in the last 4 filler bytes (zero for MySQL).
    /// </summary>
    public static void WriteSslRequest(MySqlPayloadWriter writer, CapabilityFlags capabilities, byte collation)
    {
        writer.WriteUInt32((uint)((ulong)capabilities & 0xFFFFFFFF));
        writer.WriteUInt32(MaxPacketSize);
        writer.WriteByte(collation);
        writer.WriteZeros(19);
        writer.WriteUInt32((uint)((ulong)capabilities >> 32));
    }

    public static void WriteResponse(
        MySqlPayloadWriter writer,
        CapabilityFlags capabilities,
        byte collation,
        string user,
        ReadOnlySpan<byte> authResponse,
        string? database,
        string pluginName,
        string applicationName)
    {
        WriteSslRequest(writer, capabilities, collation);
        writer.WriteNullTerminatedString(user);
        if ((capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            writer.WriteLengthEncodedBytes(authResponse);
        }
        else
        {
            writer.WriteByte((byte)authResponse.Length);
            writer.Write(authResponse);
        }

        if ((capabilities & CapabilityFlags.ConnectWithDb) != 0)
        {
            writer.WriteNullTerminatedString(database ?? string.Empty);
        }

        if ((capabilities & CapabilityFlags.PluginAuth) != 0)
        {
            writer.WriteNullTerminatedString(pluginName);
        }

        if ((capabilities & CapabilityFlags.ConnectAttributes) != 0)
        {
            ConnectionAttributes.Write(writer, applicationName);
        }
    }
}
