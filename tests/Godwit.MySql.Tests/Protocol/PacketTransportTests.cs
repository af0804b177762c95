using Godwit.MySql.Protocol;
using Godwit.MySql.Transport;

namespace Godwit.MySql.Tests.Protocol;

public sealed class PacketTransportTests
{
    private const int Max = 0xFFFFFF;

    private static async Task<byte[]> WriteAsync(int payloadLength)
    {
        var stream = new MemoryStream();
        await using var transport = new MySqlPacketTransport(stream);
        using var writer = new MySqlPayloadWriter(payloadLength);
        for (var i = 0; i < payloadLength; i++)
        {
            writer.WriteByte((byte)(i % 251));
        }

        await transport.WritePayloadAsync(writer, CancellationToken.None);
        return stream.ToArray();
    }

    [Fact]
    public async Task Small_payload_is_one_packet_with_header()
    {
        var bytes = await WriteAsync(3);
        Assert.Equal(new byte[] { 3, 0, 0, 0, 0, 1, 2 }, bytes);
    }

    [Fact]
    public async Task Payload_of_exactly_16_MiB_minus_one_is_followed_by_an_empty_packet()
    {
        var bytes = await WriteAsync(Max);
        Assert.Equal(4 + Max + 4, bytes.Length);
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0 }, bytes[..4]);
        Assert.Equal(new byte[] { 0, 0, 0, 1 }, bytes[^4..]);
    }

    [Fact]
    public async Task Larger_payload_is_split_and_reassembled_with_sequence_ids()
    {
        var length = (2 * Max) + 10;
        var bytes = await WriteAsync(length);
        Assert.Equal(length + 12, bytes.Length);
        Assert.Equal(1, bytes[4 + Max + 3]);
        Assert.Equal(new byte[] { 10, 0, 0, 2 }, bytes[(8 + (2 * Max))..(12 + (2 * Max))]);

        await using var reader = new MySqlPacketTransport(new MemoryStream(bytes));
        var payload = await reader.ReadPayloadAsync(CancellationToken.None);
        Assert.Equal(length, payload.Length);
        Assert.Equal((byte)((length - 1) % 251), payload.Span[^1]);
        Assert.Equal((byte)(Max % 251), payload.Span[Max]);
    }

    [Fact]
    public async Task Reads_several_packets_arriving_in_fragments()
    {
        var bytes = new byte[] { 2, 0, 0, 0, 0xAA, 0xBB, 1, 0, 0, 1, 0xCC, 0, 0, 0, 2 };
        await using var transport = new MySqlPacketTransport(new TrickleStream(bytes));
        Assert.Equal(new byte[] { 0xAA, 0xBB }, (await transport.ReadPayloadAsync(CancellationToken.None)).ToArray());
        Assert.Equal(new byte[] { 0xCC }, (await transport.ReadPayloadAsync(CancellationToken.None)).ToArray());
        Assert.Empty((await transport.ReadPayloadAsync(CancellationToken.None)).ToArray());
        var ex = await Assert.ThrowsAsync<MySqlException>(async () => await transport.ReadPayloadAsync(CancellationToken.None));
        Assert.Equal((int)MySqlClientError.ServerLost, ex.ErrorCode);
    }

    [Fact]
    public async Task Wrong_sequence_id_is_rejected()
    {
        await using var transport = new MySqlPacketTransport(new MemoryStream([1, 0, 0, 5, 0xAA]));
        var ex = await Assert.ThrowsAsync<MySqlException>(async () => await transport.ReadPayloadAsync(CancellationToken.None));
        Assert.Equal((int)MySqlClientError.PacketOutOfOrder, ex.ErrorCode);
        Assert.Contains("expected sequence id 0, received 5", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Returns one byte per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
