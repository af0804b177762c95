namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// ENUM: a 1- or 2-byte little-endian index into the labels (0 is the empty "error" value). SET: a
/// 1-8 byte little-endian bitmask, rendered as the chosen labels joined with ',' in definition order,
/// as the server prints it. Labels come from the ENUM_STR_VALUE/SET_STR_VALUE metadata; without
/// them (binlog_row_metadata=MINIMAL) the index or mask is rendered as a number.
/// </summary>
internal static class EnumSetBinlogDecoder
{
    public static int DecodeEnum(ReadOnlySpan<byte> data, BinlogColumn column, BinlogTextBuffer output)
    {
        var size = column.Length;
        var index = size == 1 ? data[0] : data[0] | (data[1] << 8);
        if (column.EnumValues is { } labels)
        {
            if (index > 0 && index <= labels.Count)
            {
                output.Write(labels[index - 1]);
            }
        }
        else
        {
            output.WriteInt64(index);
        }

        return size;
    }

    public static int DecodeSet(ReadOnlySpan<byte> data, BinlogColumn column, BinlogTextBuffer output)
    {
        var size = column.Length;
        ulong mask = 0;
        for (var i = size - 1; i >= 0; i--)
        {
            mask = (mask << 8) | data[i];
        }

        if (column.SetValues is { } labels)
        {
            var first = true;
            for (var bit = 0; bit < labels.Count; bit++)
            {
                if ((mask & (1UL << bit)) == 0)
                {
                    continue;
                }

                if (!first)
                {
                    output.Write((byte)',');
                }

                output.Write(labels[bit]);
                first = false;
            }
        }
        else
        {
            output.WriteUInt64(mask);
        }

        return size;
    }
}
