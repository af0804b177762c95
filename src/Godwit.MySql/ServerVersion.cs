using System.Globalization;

namespace Godwit.MySql;

/// <summary>
/// The server's product and version, parsed from the handshake's version string. All version-gated
/// behaviour goes through the named gates below, so the MySQL/MariaDB differences live in one place.
/// </summary>
public sealed class ServerVersion
{
    // MariaDB 10.x-11.x prefix their version with "5.5.5-" because MySQL replication code of the
    // time rejected masters whose major version was above 5 (MDEV-4088); strip it before parsing.
    private const string MariaDbReplicationPrefix = "5.5.5-";

    private ServerVersion(string original, ServerFlavor flavor, int major, int minor, int patch)
    {
        Original = original;
        Flavor = flavor;
        Major = major;
        Minor = minor;
        Patch = patch;
    }

    /// <summary>The version string exactly as the server sent it.</summary>
    public string Original { get; }

    public ServerFlavor Flavor { get; }

    public bool IsMariaDb => Flavor == ServerFlavor.MariaDb;

    public int Major { get; }

    public int Minor { get; }

    public int Patch { get; }

    // Version gates, named for the feature they unlock (release notes of each server).
    private static readonly (int Major, int Minor, int Patch) MySqlResetConnection = (5, 7, 3);
    private static readonly (int Major, int Minor, int Patch) MariaDbResetConnection = (10, 2, 4);
    private static readonly (int Major, int Minor, int Patch) MySqlUtf8Mb4Uca0900 = (8, 0, 1);
    private static readonly (int Major, int Minor, int Patch) MariaDbExtendedMetadata = (10, 5, 2);
    private static readonly (int Major, int Minor, int Patch) MariaDbUuidType = (10, 7, 0);
    private static readonly (int Major, int Minor, int Patch) MariaDbInet4Type = (10, 10, 0);
    private static readonly (int Major, int Minor, int Patch) MySqlBinlogRowMetadata = (8, 0, 1);
    private static readonly (int Major, int Minor, int Patch) MariaDbBinlogRowMetadata = (10, 5, 0);

    /// <summary>COM_RESET_CONNECTION: MySQL 5.7.3, MariaDB 10.2.4.</summary>
    public bool SupportsResetConnection => IsAtLeast(IsMariaDb ? MariaDbResetConnection : MySqlResetConnection);

    /// <summary>utf8mb4_0900_ai_ci (collation 255) exists from MySQL 8.0.1; MariaDB has no collation 255.</summary>
    public bool SupportsUtf8Mb4Uca0900 => !IsMariaDb && IsAtLeast(MySqlUtf8Mb4Uca0900);

    /// <summary>Extended column metadata (UUID, INET4/6 and JSON recognisable in results): MariaDB 10.5.2.</summary>
    public bool SupportsExtendedMetadata => IsMariaDb && IsAtLeast(MariaDbExtendedMetadata);

    /// <summary>UUID column type: MariaDB 10.7.</summary>
    public bool SupportsUuidType => IsMariaDb && IsAtLeast(MariaDbUuidType);

    /// <summary>INET4 column type: MariaDB 10.10 (INET6 arrived in 10.5).</summary>
    public bool SupportsInet4Type => IsMariaDb && IsAtLeast(MariaDbInet4Type);

    /// <summary>
    /// binlog_row_metadata (TABLE_MAP optional metadata: signedness, charsets, column names, ENUM/SET
    /// labels), which binlog decoding relies on: MySQL 8.0.1, MariaDB 10.5.0 (MDEV-20477).
    /// </summary>
    public bool SupportsBinlogRowMetadata => IsAtLeast(IsMariaDb ? MariaDbBinlogRowMetadata : MySqlBinlogRowMetadata);

    public bool IsAtLeast(int major, int minor, int patch) =>
        Major != major ? Major > major : Minor != minor ? Minor > minor : Patch >= patch;

    private bool IsAtLeast((int Major, int Minor, int Patch) version) => IsAtLeast(version.Major, version.Minor, version.Patch);

    public static ServerVersion Parse(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var flavor = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? ServerFlavor.MariaDb : ServerFlavor.MySql;
        var text = flavor == ServerFlavor.MariaDb && version.StartsWith(MariaDbReplicationPrefix, StringComparison.Ordinal)
            ? version[MariaDbReplicationPrefix.Length..]
            : version;

        Span<int> parts = stackalloc int[3];
        var index = 0;
        var position = 0;
        while (index < 3 && position < text.Length)
        {
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == start)
            {
                break;
            }

            parts[index++] = int.Parse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture);
            if (position >= text.Length || text[position] != '.')
            {
                break;
            }

            position++;
        }

        return new ServerVersion(version, flavor, parts[0], parts[1], parts[2]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(IsMariaDb ? "MariaDB" : "MySQL")} {Major}.{Minor}.{Patch}");
}
