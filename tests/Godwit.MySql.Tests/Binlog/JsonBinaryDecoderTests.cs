using System.Text;
using Godwit.MySql.Binlog.Decoding;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>
/// MySQL binary JSON fixtures, laid out by hand from sql/json_binary.h (type byte, then the value;
/// containers with count, size, key and value entries and offsets from the container start).
/// </summary>
public sealed class JsonBinaryDecoderTests
{
    [Theory]
    [InlineData("04 01", "true")]
    [InlineData("04 02", "false")]
    [InlineData("04 00", "null")]
    [InlineData("05 FE FF", "-2")]
    [InlineData("06 FE FF", "65534")]
    [InlineData("07 00 00 00 80", "-2147483648")]
    [InlineData("08 FF FF FF FF", "4294967295")]
    [InlineData("09 FF FF FF FF FF FF FF FF", "-1")]
    [InlineData("0A FF FF FF FF FF FF FF FF", "18446744073709551615")]
    [InlineData("0B 00 00 00 00 00 00 F0 3F", "1.0")]
    [InlineData("0B 00 00 00 00 00 00 04 40", "2.5")]
    [InlineData("0B 9A 99 99 99 99 99 B9 3F", "0.1")]
    [InlineData("0B 00 00 00 00 00 00 F0 C3", "-1.8446744073709552e19")]
    [InlineData("0B 9C 75 00 88 3C E4 37 7E", "1e300")]
    [InlineData("0C 06 68 C3 A9 6C 6C 6F", "\"héllo\"")]
    [InlineData("0C 00", "\"\"")]
    public void Scalars_print_as_the_server_prints_them(string hex, string expected) =>
        Assert.Equal(expected, Decode(hex));

    [Fact]
    public void A_small_array_mixes_inlined_values_and_offsets()
    {
        // [1, "ab", null]: count 3, size 16, entries (int16 1 inline) (string at 13) (null inline), then "ab".
        Assert.Equal("[1, \"ab\", null]", Decode("02 0300 1000 050100 0C0D00 040000 026162"));
    }

    [Fact]
    public void A_nested_object_prints_keys_in_stored_order_with_the_server_separators()
    {
        // {"a": 1, "bc": {"d": false}}: keys at 18 and 19, the nested object at 21 (12 bytes).
        const string nested = "0100 0C00 0B000100 040200 64";
        Assert.Equal(
            "{\"a\": 1, \"bc\": {\"d\": false}}",
            Decode("00 0200 2100 12000100 13000200 050100 001500 61 6263 " + nested));
    }

    [Fact]
    public void Empty_containers_print_as_braces_and_brackets()
    {
        Assert.Equal("{}", Decode("00 0000 0400"));
        Assert.Equal("[]", Decode("02 0000 0400"));
    }

    [Fact]
    public void A_large_array_inlines_32_bit_integers()
    {
        // Large containers use 4-byte counts, sizes and offsets, and inline int32/uint32.
        Assert.Equal("[42, 4294967295]", Decode("03 02000000 12000000 072A000000 08FFFFFFFF"));
    }

    [Fact]
    public void A_large_object_reads_4_byte_key_offsets()
    {
        // {"k": "v"}: count 1, size 22, key entry (offset 19, length 1), value entry (string at 20).
        Assert.Equal("{\"k\": \"v\"}", Decode("01 01000000 16000000 130000000100 0C14000000 6B 0176"));
    }

    [Fact]
    public void Strings_escape_quotes_backslashes_and_control_characters()
    {
        Assert.Equal("\"a\\\"b\\\\\\n\\t\\u0001/é\"", Decode("0C 0A 61 22 62 5C 0A 09 01 2F C3A9"));
    }

    [Fact]
    public void A_long_string_uses_a_multi_byte_length()
    {
        var text = new string('z', 200);
        // 200 = 0xC8: low 7 bits 0x48 with the continuation bit, then 0x01.
        Assert.Equal($"\"{text}\"", Decode("0C C8 01 " + Convert.ToHexString(Encoding.ASCII.GetBytes(text))));
    }

    [Fact]
    public void An_opaque_decimal_prints_unquoted_with_its_scale()
    {
        // Field type 246, 5 bytes: precision 5, scale 2, DECIMAL binary of 123.45 (0x807B, 0x2D).
        Assert.Equal("123.45", Decode("0F F6 05 0502 807B 2D"));
    }

    [Fact]
    public void Opaque_temporal_values_print_quoted_with_six_fraction_digits()
    {
        Assert.Equal("\"2015-01-15 23:24:25.000000\"", Decode("0F 0C 08 00000019761F9519"));
        Assert.Equal("\"-01:02:03.500000\"", Decode("0F 0B 08 E05EF87CEFFFFFFF"));
        Assert.Equal("\"2024-02-29\"", Decode("0F 0A 08 0000000000BAB219"));
    }

    [Fact]
    public void Other_opaque_values_print_as_base64_with_their_type()
    {
        Assert.Equal("\"base64:type252:YWI=\"", Decode("0F FC 02 6162"));
    }

    [Fact]
    public void An_unknown_type_byte_is_an_error_not_a_guess()
    {
        var error = Assert.Throws<MySqlException>(() => Decode("0D 00"));
        Assert.Contains("unknown binary JSON type 0x0D", error.Message, StringComparison.Ordinal);
    }

    private static string Decode(string hex)
    {
        var buffer = new BinlogTextBuffer();
        JsonBinaryDecoder.Decode(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), buffer);
        return Encoding.UTF8.GetString(buffer.Slice(0, buffer.Length));
    }
}
