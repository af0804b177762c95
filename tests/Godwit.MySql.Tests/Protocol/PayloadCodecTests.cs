using Godwit.MySql.Protocol;

namespace Godwit.MySql.Tests.Protocol;

public sealed class PayloadCodecTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0 })]
    [InlineData(250UL, new byte[] { 250 })]
    [InlineData(251UL, new byte[] { 0xFC, 251, 0 })]
    [InlineData(65535UL, new byte[] { 0xFC, 0xFF, 0xFF })]
    [InlineData(65536UL, new byte[] { 0xFD, 0, 0, 1 })]
    [InlineData(16777215UL, new byte[] { 0xFD, 0xFF, 0xFF, 0xFF })]
    [InlineData(16777216UL, new byte[] { 0xFE, 0, 0, 0, 1, 0, 0, 0, 0 })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void Length_encoded_integers_round_trip(ulong value, byte[] encoded)
    {
        using var writer = new MySqlPayloadWriter();
        writer.WriteLengthEncodedInteger(value);
        Assert.Equal(encoded, writer.Payload.ToArray());
        var reader = new MySqlPayloadReader(encoded);
        Assert.Equal(value, reader.ReadLengthEncodedInteger());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Reads_strings_fixed_integers_and_null_markers()
    {
        using var writer = new MySqlPayloadWriter();
        writer.WriteLengthEncodedString("héllo");
        writer.WriteNullTerminatedString("abc");
        writer.WriteUInt16(0x1234);
        writer.WriteUInt24(0x56789A);
        writer.WriteUInt32(0xDEADBEEF);
        writer.WriteUInt64(0x0102030405060708);
        writer.WriteByte(0xFB);

        var reader = new MySqlPayloadReader(writer.Payload);
        Assert.Equal("héllo", reader.ReadLengthEncodedString());
        Assert.Equal("abc", reader.ReadNullTerminatedString());
        Assert.Equal(0x1234, reader.ReadUInt16());
        Assert.Equal(0x56789Au, reader.ReadUInt24());
        Assert.Equal(0xDEADBEEFu, reader.ReadUInt32());
        Assert.Equal(0x0102030405060708UL, reader.ReadUInt64());
        Assert.Null(reader.ReadLengthEncodedLengthOrNull());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Truncated_payload_is_a_malformed_packet_error()
    {
        var ex = Assert.Throws<MySqlException>(() =>
        {
            var reader = new MySqlPayloadReader([0xFC, 1]);
            reader.ReadLengthEncodedInteger();
        });
        Assert.Equal((int)MySqlClientError.MalformedPacket, ex.ErrorCode);
    }

    [Fact]
    public void Ok_packet_is_told_apart_from_a_row_starting_with_0xFE()
    {
        Assert.True(OkPacket.IsEndOfResultSet([0xFE, 0, 0, 2, 0, 0, 0]));
        Assert.False(OkPacket.IsEndOfResultSet(new byte[0xFFFFFF]));
        var ok = OkPacket.Parse([0x00, 0xFC, 0x10, 0x27, 7, 0x0A, 0x00, 3, 0], deprecateEof: true);
        Assert.Equal(10000UL, ok.AffectedRows);
        Assert.Equal(7UL, ok.LastInsertId);
        Assert.Equal(ServerStatusFlags.AutoCommit | ServerStatusFlags.MoreResultsExist, ok.Status);
        Assert.Equal(3, ok.WarningCount);
        var eof = OkPacket.Parse([0xFE, 2, 0, 8, 0], deprecateEof: false);
        Assert.Equal(2, eof.WarningCount);
        Assert.Equal(ServerStatusFlags.MoreResultsExist, eof.Status);
    }
}
