using System.Globalization;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// Decodes one column value of a row image into the bytes the text protocol would return for it,
/// choosing the decoder by the column's binlog type; returns how many bytes the value took.
/// </summary>
internal static class BinlogColumnDecoder
{
    public static int Decode(ReadOnlySpan<byte> data, BinlogColumn column, BinlogTextBuffer output)
    {
        var unsigned = column.IsUnsigned ?? false;
        return column.Type switch
        {
            MySqlColumnType.Tiny => IntegerBinlogDecoder.Decode(data, 1, unsigned, output),
            MySqlColumnType.Short => IntegerBinlogDecoder.Decode(data, 2, unsigned, output),
            MySqlColumnType.Int24 => IntegerBinlogDecoder.Decode(data, 3, unsigned, output),
            MySqlColumnType.Long => IntegerBinlogDecoder.Decode(data, 4, unsigned, output),
            MySqlColumnType.LongLong => IntegerBinlogDecoder.Decode(data, 8, unsigned, output),
            MySqlColumnType.Float => FloatingPointBinlogDecoder.DecodeFloat(data, output),
            MySqlColumnType.Double => FloatingPointBinlogDecoder.DecodeDouble(data, output),
            MySqlColumnType.NewDecimal => DecimalBinlogDecoder.Decode(data, column.Precision, column.Scale, output),
            MySqlColumnType.Year => TemporalBinlogDecoder.DecodeYear(data, output),
            MySqlColumnType.Date or MySqlColumnType.NewDate => TemporalBinlogDecoder.DecodeDate(data, output),
            MySqlColumnType.Time => TemporalBinlogDecoder.DecodeTime(data, output),
            MySqlColumnType.Time2 => TemporalBinlogDecoder.DecodeTime2(data, column.FractionalDigits, output),
            MySqlColumnType.DateTime => TemporalBinlogDecoder.DecodeDateTime(data, output),
            MySqlColumnType.DateTime2 => TemporalBinlogDecoder.DecodeDateTime2(data, column.FractionalDigits, output),
            MySqlColumnType.Timestamp => TemporalBinlogDecoder.DecodeTimestamp(data, output),
            MySqlColumnType.Timestamp2 => TemporalBinlogDecoder.DecodeTimestamp2(data, column.FractionalDigits, output),
            MySqlColumnType.VarChar or MySqlColumnType.VarString => StringBinlogDecoder.DecodeVariable(data, column, output),
            MySqlColumnType.String => column.RealType switch
            {
                MySqlColumnType.Enum => EnumSetBinlogDecoder.DecodeEnum(data, column, output),
                MySqlColumnType.Set => EnumSetBinlogDecoder.DecodeSet(data, column, output),
                _ => StringBinlogDecoder.DecodeFixed(data, column, output),
            },
            MySqlColumnType.Bit => BitBinlogDecoder.Decode(data, column.Metadata, output),
            MySqlColumnType.Blob or MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob =>
                StringBinlogDecoder.DecodeBlob(data, column, output),
            MySqlColumnType.Geometry => StringBinlogDecoder.DecodeGeometry(data, column, output),
            MySqlColumnType.Json => StringBinlogDecoder.DecodeJson(data, column, output),
            MySqlColumnType.Null => 0,
            _ => throw BinlogErrors.Malformed(
                string.Create(CultureInfo.InvariantCulture, $"column {column.Ordinal} has type {(int)column.Type}, which row events do not use")),
        };
    }
}
