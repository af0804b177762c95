namespace Godwit.MySql.Binlog.Events;

/// <summary>FORMAT_DESCRIPTION_EVENT: starts every binlog file; describes header lengths and the checksum algorithm.</summary>
public sealed class FormatDescriptionEvent : BinlogEvent
{
    internal FormatDescriptionEvent(
        BinlogEventHeader header, ushort binlogVersion, string serverVersion, int commonHeaderLength,
        byte[] postHeaderLengths, BinlogChecksumAlgorithm checksumAlgorithm)
        : base(header)
    {
        BinlogVersion = binlogVersion;
        ServerVersion = serverVersion;
        CommonHeaderLength = commonHeaderLength;
        PostHeaderLengths = postHeaderLengths;
        ChecksumAlgorithm = checksumAlgorithm;
    }

    public ushort BinlogVersion { get; }

    public string ServerVersion { get; }

    public int CommonHeaderLength { get; }

    /// <summary>Post-header length per event type, indexed by type - 1.</summary>
    public IReadOnlyList<byte> PostHeaderLengths { get; }

    public BinlogChecksumAlgorithm ChecksumAlgorithm { get; }

    /// <summary>The post-header length for <paramref name="type"/>, or <paramref name="fallback"/> when the table is too short.</summary>
    public int PostHeaderLength(BinlogEventType type, int fallback)
    {
        var index = (int)type - 1;
        return index >= 0 && index < PostHeaderLengths.Count ? PostHeaderLengths[index] : fallback;
    }
}
