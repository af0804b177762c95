using System.Buffers.Binary;
using System.Text;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Tests.Protocol;

/// <summary>Hand-built server packets and a parser for the client's handshake response.</summary>
internal static class HandshakeFixtures
{
    public static readonly byte[] Nonce = Encoding.ASCII.GetBytes("abcdefghij0123456789");

    /// <summary>Protocol 10 handshake, laid out byte by byte as in the MySQL internals documentation.</summary>
    public static byte[] Handshake(string version, uint connectionId, CapabilityFlags capabilities, string plugin, uint mariaDbCapabilities = 0)
    {
        var bytes = new List<byte> { 10 };
        bytes.AddRange(Encoding.ASCII.GetBytes(version));
        bytes.Add(0);
        bytes.AddRange(BitConverter.GetBytes(connectionId));
        bytes.AddRange(Nonce[..8]);
        bytes.Add(0);
        var caps = (uint)capabilities;
        bytes.AddRange(BitConverter.GetBytes((ushort)(caps & 0xFFFF)));
        bytes.Add(45);
        bytes.AddRange(BitConverter.GetBytes((ushort)2));
        bytes.AddRange(BitConverter.GetBytes((ushort)(caps >> 16)));
        bytes.Add(21);
        bytes.AddRange(new byte[6]);
        bytes.AddRange(BitConverter.GetBytes(mariaDbCapabilities));
        bytes.AddRange(Nonce[8..]);
        bytes.Add(0);
        bytes.AddRange(Encoding.ASCII.GetBytes(plugin));
        bytes.Add(0);
        return [.. bytes];
    }

    public const CapabilityFlags MySql8Capabilities =
        CapabilityFlags.ClientMySql | CapabilityFlags.FoundRows | CapabilityFlags.LongFlag | CapabilityFlags.ConnectWithDb
        | CapabilityFlags.Protocol41 | CapabilityFlags.Transactions | CapabilityFlags.SecureConnection
        | CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults | CapabilityFlags.PsMultiResults
        | CapabilityFlags.PluginAuth | CapabilityFlags.ConnectAttributes | CapabilityFlags.PluginAuthLengthEncodedClientData
        | CapabilityFlags.SessionTrack | CapabilityFlags.DeprecateEof;

    public static byte[] AuthMoreData(params byte[] data) => [0x01, .. data];

    public static byte[] Error(ushort code, string state, string message) =>
        [0xFF, .. BitConverter.GetBytes(code), (byte)'#', .. Encoding.ASCII.GetBytes(state), .. Encoding.UTF8.GetBytes(message)];

    public static HandshakeResponse ParseResponse(byte[] payload)
    {
        var capabilities = (CapabilityFlags)BinaryPrimitives.ReadUInt32LittleEndian(payload);
        var collation = payload[8];
        var extended = BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(28));
        var position = 32;
        var user = ReadNul(payload, ref position);
        int authLength = payload[position++];
        var auth = payload.AsSpan(position, authLength).ToArray();
        position += authLength;
        string? database = null;
        if ((capabilities & CapabilityFlags.ConnectWithDb) != 0)
        {
            database = ReadNul(payload, ref position);
        }

        var plugin = ReadNul(payload, ref position);
        var attributes = Encoding.UTF8.GetString(payload.AsSpan(position));
        return new HandshakeResponse(capabilities, collation, extended, user, auth, database, plugin, attributes);
    }

    private static string ReadNul(byte[] payload, ref int position)
    {
        var end = Array.IndexOf(payload, (byte)0, position);
        var text = Encoding.UTF8.GetString(payload, position, end - position);
        position = end + 1;
        return text;
    }
}
