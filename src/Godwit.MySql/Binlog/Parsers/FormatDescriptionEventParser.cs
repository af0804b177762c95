using System.Text;
using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// FORMAT_DESCRIPTION_EVENT (15): binlog_version&lt;2&gt;, server_version&lt;50, NUL-padded&gt;,
/// create_timestamp&lt;4&gt;, header_length&lt;1&gt;, one post-header length per event type; servers that
/// know checksums (MySQL 5.6.1, MariaDB 5.3) end it with checksum_alg&lt;1&gt; and a 4-byte checksum
/// slot, present even when the algorithm is OFF.
/// </summary>
internal static class FormatDescriptionEventParser
{
    private const int ServerVersionLength = 50;
    private static readonly (int Major, int Minor, int Patch) MySqlChecksumVersion = (5, 6, 1);
    private static readonly (int Major, int Minor, int Patch) MariaDbChecksumVersion = (5, 3, 0);

    /// <summary>The trailing algorithm byte and checksum slot, when the writing server knew checksums.</summary>
    public const int ChecksumTrailerLength = 5;

    /// <summary>Parses the whole event body, including the checksum trailer.</summary>
    public static FormatDescriptionEvent Parse(BinlogEventHeader header, ReadOnlySpan<byte> body)
    {
        var reader = new MySqlPayloadReader(body);
        var binlogVersion = reader.ReadUInt16();
        var versionBytes = reader.ReadBytes(ServerVersionLength);
        var nul = versionBytes.IndexOf((byte)0);
        var serverVersion = Encoding.ASCII.GetString(nul < 0 ? versionBytes : versionBytes[..nul]);
        reader.ReadUInt32();
        var headerLength = reader.ReadByte();
        var rest = reader.ReadToEnd();

        var algorithm = BinlogChecksumAlgorithm.Off;
        if (WritesChecksums(serverVersion) && rest.Length >= ChecksumTrailerLength)
        {
            algorithm = (BinlogChecksumAlgorithm)rest[^ChecksumTrailerLength];
            rest = rest[..^ChecksumTrailerLength];
        }

        return new FormatDescriptionEvent(header, binlogVersion, serverVersion, headerLength, rest.ToArray(), algorithm);
    }

    public static bool WritesChecksums(string serverVersion)
    {
        var version = ServerVersion.Parse(serverVersion);
        var gate = version.IsMariaDb ? MariaDbChecksumVersion : MySqlChecksumVersion;
        return version.IsAtLeast(gate.Major, gate.Minor, gate.Patch);
    }
}
