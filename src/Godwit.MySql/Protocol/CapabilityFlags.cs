namespace Godwit.MySql.Protocol;

/// <summary>
/// Client/server capability bits. The low 32 bits are the protocol's standard flags; MariaDB's
/// extended capabilities (sent in the handshake's otherwise unused 4 filler bytes when the server
/// does not set <see cref="ClientMySql"/>) are mapped to bits 32-63 here, as MariaDB's own headers do.
/// </summary>
[Flags]
internal enum CapabilityFlags : ulong
{
    None = 0,

    /// <summary>CLIENT_LONG_PASSWORD in MySQL; MariaDB calls it CLIENT_MYSQL: a server that clears it speaks MariaDB's extensions.</summary>
    ClientMySql = 1,
    FoundRows = 1 << 1,
    LongFlag = 1 << 2,
    ConnectWithDb = 1 << 3,
    NoSchema = 1 << 4,
    Compress = 1 << 5,
    Odbc = 1 << 6,
    LocalFiles = 1 << 7,
    IgnoreSpace = 1 << 8,
    Protocol41 = 1 << 9,
    Interactive = 1 << 10,
    Ssl = 1 << 11,
    IgnoreSigpipe = 1 << 12,
    Transactions = 1 << 13,
    Reserved = 1 << 14,
    SecureConnection = 1 << 15,
    MultiStatements = 1 << 16,
    MultiResults = 1 << 17,
    PsMultiResults = 1 << 18,
    PluginAuth = 1 << 19,
    ConnectAttributes = 1 << 20,
    PluginAuthLengthEncodedClientData = 1 << 21,
    CanHandleExpiredPasswords = 1 << 22,
    SessionTrack = 1 << 23,
    DeprecateEof = 1 << 24,

    MariaDbProgress = 1UL << 32,
    MariaDbComMulti = 1UL << 33,
    MariaDbStmtBulkOperations = 1UL << 34,

    /// <summary>MARIADB_CLIENT_EXTENDED_METADATA (10.5.2+): column definitions carry type names such as uuid, inet6, json.</summary>
    MariaDbExtendedMetadata = 1UL << 35,
    MariaDbCacheMetadata = 1UL << 36,
}
