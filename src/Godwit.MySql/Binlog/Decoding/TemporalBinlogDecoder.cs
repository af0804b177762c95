using System.Buffers.Binary;

namespace Godwit.MySql.Binlog.Decoding;

/// <summary>
/// Dates and times, rendered as the text protocol prints them with time_zone='+00:00':
/// "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS[.f…]" with exactly the column's fsp digits, "[-]HH:MM:SS[.f…]"
/// (hours may exceed 24), YEAR as four digits. The MySQL 5.6 formats (DATETIME2, TIMESTAMP2,
/// TIME2; MariaDB's default with mysql56_temporal_format=ON) are big-endian with the fraction in
/// (fsp+1)/2 bytes after the integer part (sql-common/my_time.cc, *_packed_from_binary). The pre-5.6
/// formats are little-endian and have no fraction.
/// </summary>
internal static class TemporalBinlogDecoder
{
    private const long DateTimeIntegerOffset = 0x8000000000L;
    private const long TimeIntegerOffset = 0x800000L;
    private const long TimeOffset = 0x800000000000L;
    private static readonly int[] PowersOfTen = [1, 10, 100, 1000, 10000, 100000, 1000000];

    public static int FractionSize(int fsp) => (fsp + 1) / 2;

    public static int DecodeYear(ReadOnlySpan<byte> data, BinlogTextBuffer output)
    {
        // YEAR stores year - 1900; 0 is the zero year, printed "0000".
        output.WritePadded(data[0] == 0 ? 0 : 1900 + data[0], 4);
        return 1;
    }

    /// <summary>DATE: 3 bytes little-endian, day in bits 0-4, month in 5-8, year above.</summary>
    public static int DecodeDate(ReadOnlySpan<byte> data, BinlogTextBuffer output)
    {
        var value = data[0] | (data[1] << 8) | (data[2] << 16);
        WriteDate(value >> 9, (value >> 5) & 15, value & 31, output);
        return 3;
    }

    /// <summary>Old TIME: 3 bytes little-endian, a signed integer HHMMSS.</summary>
    public static int DecodeTime(ReadOnlySpan<byte> data, BinlogTextBuffer output)
    {
        var value = (data[0] | (data[1] << 8) | (data[2] << 16)) << 8 >> 8;
        if (value < 0)
        {
            output.Write((byte)'-');
            value = -value;
        }

        WriteTime(value / 10000, (value / 100) % 100, value % 100, 0, 0, output);
        return 3;
    }

    /// <summary>Old DATETIME: 8 bytes little-endian, the integer YYYYMMDDhhmmss.</summary>
    public static int DecodeDateTime(ReadOnlySpan<byte> data, BinlogTextBuffer output)
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(data);
        var date = (long)(value / 1000000);
        var time = (long)(value % 1000000);
        WriteDate((int)(date / 10000), (int)((date / 100) % 100), (int)(date % 100), output);
        output.Write((byte)' ');
        WriteTime((int)(time / 10000), (int)((time / 100) % 100), (int)(time % 100), 0, 0, output);
        return 8;
    }

    /// <summary>Old TIMESTAMP: 4 bytes little-endian seconds since the epoch.</summary>
    public static int DecodeTimestamp(ReadOnlySpan<byte> data, BinlogTextBuffer output)
    {
        WriteTimestamp(BinaryPrimitives.ReadUInt32LittleEndian(data), 0, 0, output);
        return 4;
    }

    /// <summary>DATETIME2: 5 bytes big-endian (sign bit, year*13+month, day, hour, minute, second), then the fraction.</summary>
    public static int DecodeDateTime2(ReadOnlySpan<byte> data, int fsp, BinlogTextBuffer output)
    {
        long integer = 0;
        for (var i = 0; i < 5; i++)
        {
            integer = (integer << 8) | data[i];
        }

        integer -= DateTimeIntegerOffset;
        var micros = ReadUnsignedFraction(data[5..], fsp);
        var ymd = integer >> 17;
        var yearMonth = ymd >> 5;
        var hms = integer & 0x1FFFF;
        WriteDate((int)(yearMonth / 13), (int)(yearMonth % 13), (int)(ymd & 31), output);
        output.Write((byte)' ');
        WriteTime((int)(hms >> 12), (int)((hms >> 6) & 63), (int)(hms & 63), micros, fsp, output);
        return 5 + FractionSize(fsp);
    }

    /// <summary>TIMESTAMP2: 4 bytes big-endian seconds since the epoch, then the fraction; rendered in UTC.</summary>
    public static int DecodeTimestamp2(ReadOnlySpan<byte> data, int fsp, BinlogTextBuffer output)
    {
        WriteTimestamp(BinaryPrimitives.ReadUInt32BigEndian(data), ReadUnsignedFraction(data[4..], fsp), fsp, output);
        return 4 + FractionSize(fsp);
    }

    /// <summary>
    /// TIME2: 3 bytes big-endian (sign, hours in 10 bits, minutes, seconds) offset by 0x800000, then an
    /// unsigned fraction; for negative values with a fraction the integer part is one less than shown
    /// (my_time_packed_from_binary). With fsp 5-6, all 6 bytes form one offset integer.
    /// </summary>
    public static int DecodeTime2(ReadOnlySpan<byte> data, int fsp, BinlogTextBuffer output)
    {
        long integer = (data[0] << 16) | (data[1] << 8) | data[2];
        long packed;
        switch (fsp)
        {
            case 1 or 2:
            {
                integer -= TimeIntegerOffset;
                long fraction = data[3];
                if (integer < 0 && fraction != 0)
                {
                    integer++;
                    fraction -= 0x100;
                }

                packed = (integer << 24) + (fraction * 10000);
                break;
            }

            case 3 or 4:
            {
                integer -= TimeIntegerOffset;
                long fraction = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
                if (integer < 0 && fraction != 0)
                {
                    integer++;
                    fraction -= 0x10000;
                }

                packed = (integer << 24) + (fraction * 100);
                break;
            }

            case 5 or 6:
                packed = ((integer << 24) | ((long)data[3] << 16) | ((long)data[4] << 8) | data[5]) - TimeOffset;
                break;
            default:
                packed = (integer - TimeIntegerOffset) << 24;
                break;
        }

        if (packed < 0)
        {
            output.Write((byte)'-');
            packed = -packed;
        }

        var hms = packed >> 24;
        var micros = (int)(packed & 0xFFFFFF);
        WriteTime((int)((hms >> 12) & 0x3FF), (int)((hms >> 6) & 63), (int)(hms & 63), micros, fsp, output);
        return 3 + FractionSize(fsp);
    }

    private static int ReadUnsignedFraction(ReadOnlySpan<byte> data, int fsp) => fsp switch
    {
        1 or 2 => data[0] * 10000,
        3 or 4 => ((data[0] << 8) | data[1]) * 100,
        5 or 6 => (data[0] << 16) | (data[1] << 8) | data[2],
        _ => 0,
    };

    private static void WriteTimestamp(uint seconds, int micros, int fsp, BinlogTextBuffer output)
    {
        if (seconds == 0 && micros == 0)
        {
            // The zero TIMESTAMP prints as the zero datetime.
            WriteDate(0, 0, 0, output);
            output.Write((byte)' ');
            WriteTime(0, 0, 0, 0, fsp, output);
            return;
        }

        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        WriteDate(time.Year, time.Month, time.Day, output);
        output.Write((byte)' ');
        WriteTime(time.Hour, time.Minute, time.Second, micros, fsp, output);
    }

    private static void WriteDate(int year, int month, int day, BinlogTextBuffer output)
    {
        output.WritePadded(year, 4);
        output.Write((byte)'-');
        output.WritePadded(month, 2);
        output.Write((byte)'-');
        output.WritePadded(day, 2);
    }

    private static void WriteTime(int hours, int minutes, int seconds, int micros, int fsp, BinlogTextBuffer output)
    {
        output.WritePadded(hours, 2);
        output.Write((byte)':');
        output.WritePadded(minutes, 2);
        output.Write((byte)':');
        output.WritePadded(seconds, 2);
        if (fsp > 0)
        {
            output.Write((byte)'.');
            output.WritePadded(micros / PowersOfTen[6 - fsp], fsp);
        }
    }
}
