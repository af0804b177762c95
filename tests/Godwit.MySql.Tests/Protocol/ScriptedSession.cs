using Godwit.MySql.Protocol;
using Godwit.MySql.Transport;

namespace Godwit.MySql.Tests.Protocol;

/// <summary>The server side of one scripted connection: sends and receives whole payloads.</summary>
internal sealed class ScriptedSession(MySqlPacketTransport transport)
{
    public MySqlPacketTransport Transport => transport;

    public async Task SendAsync(params byte[][] parts)
    {
        using var writer = new MySqlPayloadWriter();
        foreach (var part in parts)
        {
            writer.Write(part);
        }

        await transport.WritePayloadAsync(writer, CancellationToken.None);
    }

    public async Task<byte[]> ReceiveAsync() => (await transport.ReadPayloadAsync(CancellationToken.None)).ToArray();

    /// <summary>A new command from the client restarts the sequence ids.</summary>
    public async Task<byte[]> ReceiveCommandAsync()
    {
        transport.ResetSequence();
        return await ReceiveAsync();
    }

    public Task SendOkAsync(ulong affectedRows = 0, ulong lastInsertId = 0) =>
        SendAsync([0x00, (byte)affectedRows, (byte)lastInsertId, 0x02, 0x00, 0x00, 0x00]);
}
