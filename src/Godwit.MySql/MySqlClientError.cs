namespace Godwit.MySql;

/// <summary>
/// Errors raised by this client rather than the server. The numbers follow libmysqlclient's CR_*
/// codes (2000-2999), which no server error uses, so callers can tell the two apart by range.
/// </summary>
public enum MySqlClientError
{
    UnknownError = 2000,
    ConnectionError = 2002,
    HostConnectionError = 2003,
    ServerGone = 2006,
    ServerLost = 2013,
    CommandsOutOfSync = 2014,
    PacketTooLarge = 2020,
    SslConnectionError = 2026,
    MalformedPacket = 2027,
    AuthenticationPluginUnsupported = 2059,
    ConnectionBroken = 2055,
    PacketOutOfOrder = 2071,
    InvalidConversion = 2072,
    QueryCancelled = 2073,
}
