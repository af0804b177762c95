namespace Godwit.Core.Schema;

/// <summary>The broad family of a MySQL/MariaDB type; the rule engine decides per family.</summary>
public enum MySqlTypeFamily
{
    Integer,
    Decimal,
    Float,
    Double,
    Bit,
    Date,
    DateTime,
    Timestamp,
    Time,
    Year,
    Char,
    Text,
    Binary,
    Blob,
    Enum,
    Set,
    Json,
    Uuid,
    Inet4,
    Inet6,
    Spatial,
    Unknown,
}
