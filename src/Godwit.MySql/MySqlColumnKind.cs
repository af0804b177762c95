namespace Godwit.MySql;

/// <summary>
/// The logical type of a result column, combining the wire type with flags and metadata (ENUM and
/// SET travel as STRING with a flag; MariaDB's UUID/INET types travel as STRING with a type name).
/// </summary>
public enum MySqlColumnKind
{
    Null,
    TinyInt,
    SmallInt,
    MediumInt,
    Int,
    BigInt,
    Decimal,
    Float,
    Double,
    Bit,
    Year,
    Date,
    DateTime,
    Timestamp,
    Time,
    String,
    Binary,
    Json,
    Enum,
    Set,
    Uuid,
    Inet4,
    Inet6,
    Geometry,
}
