namespace Godwit.MySql.Binlog;

/// <summary>binlog_checksum: the algorithm byte at the end of FORMAT_DESCRIPTION (enum_binlog_checksum_alg).</summary>
public enum BinlogChecksumAlgorithm : byte
{
    Off = 0,
    Crc32 = 1,
    Undefined = 255,
}
