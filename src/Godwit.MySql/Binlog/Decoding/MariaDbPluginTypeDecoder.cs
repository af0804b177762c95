namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// MariaDB's UUID, INET4 and INET6 (data type plugins) are logged as BINARY(16)/BINARY(4); with a
/// <see cref="BinlogColumnHint"/> they are rendered as the text protocol shows them: UUID as
/// 8-4-4-4-12 lowercase hex (the binlog holds the bytes in text order), INET4 dotted quad, INET6 in
/// the short form (RFC 5952: lowercase, no leading zeros, the longest zero run as "::", IPv4-mapped
/// and IPv4-compatible addresses with a dotted tail), following the server's ipv6_to_str.
/// </summary>
internal static class MariaDbPluginTypeDecoder
{
    private const string HexDigits = "0123456789abcdef";

    public static void Decode(ReadOnlySpan<byte> value, BinlogColumnHint hint, BinlogTextBuffer output)
    {
        switch (hint)
        {
            case BinlogColumnHint.Uuid:
                WriteUuid(value, output);
                break;
            case BinlogColumnHint.Inet4:
                WriteInet4(value, output);
                break;
            case BinlogColumnHint.Inet6:
                WriteInet6(value, output);
                break;
            default:
                output.Write(value);
                break;
        }
    }

    private static void WriteUuid(ReadOnlySpan<byte> value, BinlogTextBuffer output)
    {
        for (var i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                output.Write((byte)'-');
            }

            output.Write((byte)HexDigits[value[i] >> 4]);
            output.Write((byte)HexDigits[value[i] & 15]);
        }
    }

    private static void WriteInet4(ReadOnlySpan<byte> value, BinlogTextBuffer output)
    {
        for (var i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                output.Write((byte)'.');
            }

            output.WriteInt64(value[i]);
        }
    }

    private static void WriteInet6(ReadOnlySpan<byte> value, BinlogTextBuffer output)
    {
        Span<int> words = stackalloc int[8];
        for (var i = 0; i < 8; i++)
        {
            words[i] = (value[2 * i] << 8) | value[(2 * i) + 1];
        }

        // The longest run of zero words (the first one on a tie); even a single zero word is compressed.
        int gapStart = -1, gapLength = 0;
        for (var i = 0; i < 8;)
        {
            if (words[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && words[i] == 0)
            {
                i++;
            }

            if (i - start > gapLength)
            {
                (gapStart, gapLength) = (start, i - start);
            }
        }

        for (var i = 0; i < 8; i++)
        {
            if (i == gapStart)
            {
                if (i == 0)
                {
                    output.Write((byte)':');
                }

                output.Write((byte)':');
                i += gapLength - 1;
            }
            else if (i == 6 && gapStart == 0 && (gapLength == 6 || (gapLength == 5 && words[5] == 0xFFFF)))
            {
                WriteInet4(value[12..], output);
                return;
            }
            else
            {
                WriteHexWord(words[i], output);
                if (i != 7)
                {
                    output.Write((byte)':');
                }
            }
        }
    }

    private static void WriteHexWord(int word, BinlogTextBuffer output)
    {
        var started = false;
        for (var shift = 12; shift >= 0; shift -= 4)
        {
            var digit = (word >> shift) & 15;
            if (digit != 0 || started || shift == 0)
            {
                output.Write((byte)HexDigits[digit]);
                started = true;
            }
        }
    }
}
