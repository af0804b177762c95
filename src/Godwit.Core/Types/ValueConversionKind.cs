namespace Godwit.Core.Types;

/// <summary>
/// How one source value (MySQL text-protocol bytes, or the same text decoded from the binlog) becomes a
/// PostgreSQL value. The kind names the source encoding and the .NET type handed to Npgsql; see
/// <see cref="ValueConverter"/> for the function that implements each kind.
/// </summary>
public enum ValueConversionKind
{
    /// <summary>UTF-8 text → <see cref="string"/> (text, varchar, char, citext, pg enum labels). Rejects NUL bytes and invalid UTF-8.</summary>
    Text,

    /// <summary>Raw bytes → <c>byte[]</c> (bytea).</summary>
    Bytes,

    /// <summary>Decimal integer text (<c>0</c>/<c>1</c>…) → <see cref="bool"/>: 0 is false, anything else true.</summary>
    IntegerToBoolean,

    /// <summary>BIT(1) raw byte → <see cref="bool"/>.</summary>
    BitToBoolean,

    /// <summary>Decimal integer text → <see cref="short"/>, range-checked.</summary>
    Int16,

    /// <summary>Decimal integer text → <see cref="int"/>, range-checked.</summary>
    Int32,

    /// <summary>Decimal integer text (signed or unsigned) → <see cref="long"/>, range-checked.</summary>
    Int64,

    /// <summary>BIT(n) raw big-endian bytes → <see cref="long"/>.</summary>
    BitToInt64,

    /// <summary>Decimal text (integers, DECIMAL, unsigned BIGINT) → <see cref="decimal"/> (numeric).</summary>
    Numeric,

    /// <summary>Number text → <see cref="float"/>.</summary>
    Real,

    /// <summary>Number text → <see cref="double"/>.</summary>
    Double,

    /// <summary><c>YYYY-MM-DD</c> → <see cref="DateOnly"/>, zero dates by <see cref="ZeroDatePolicy"/>.</summary>
    Date,

    /// <summary><c>YYYY-MM-DD[ HH:MM:SS[.f]]</c> → <see cref="DateTime"/> (Kind Unspecified), no time-zone reinterpretation.</summary>
    Timestamp,

    /// <summary><c>YYYY-MM-DD[ HH:MM:SS[.f]]</c> at <see cref="ValueConversion.SourceUtcOffset"/> → <see cref="DateTime"/> (Kind Utc).</summary>
    TimestampTz,

    /// <summary>TIME <c>[-]H:MM:SS[.f]</c> → <see cref="TimeOnly"/>; negative or ≥ 24 h values are an error.</summary>
    Time,

    /// <summary>TIME <c>[-]H:MM:SS[.f]</c> → <see cref="TimeSpan"/> (interval), any value MySQL allows.</summary>
    Interval,

    /// <summary>JSON text → <see cref="string"/> for json/jsonb.</summary>
    Json,

    /// <summary>UUID text (36 chars) → <see cref="Guid"/>.</summary>
    Uuid,

    /// <summary>16 raw bytes (BINARY(16)) → <see cref="Guid"/> in RFC 4122 byte order.</summary>
    BinaryToUuid,

    /// <summary>INET4/INET6 text → <see cref="System.Net.IPAddress"/>.</summary>
    Inet,

    /// <summary>BIT(n) raw bytes → <see cref="System.Collections.BitArray"/> of n bits (bit / bit varying).</summary>
    Bits,

    /// <summary>BIT(n) raw bytes → <c>0101…</c> text.</summary>
    BitToText,

    /// <summary>SET <c>a,b</c> → <c>string[]</c> (text[]).</summary>
    SetToArray,

    /// <summary>MySQL internal geometry (4-byte SRID + WKB) → WKB <c>byte[]</c> for bytea.</summary>
    Wkb,

    /// <summary>MySQL internal geometry → EWKB <c>byte[]</c> (with SRID) for PostGIS geometry/geography.</summary>
    Ewkb,

    /// <summary>
    /// A PostgreSQL source column into the same type: the value is already the target type's own representation. The
    /// copy reads it in the type's binary send format (binary COPY) and passes the bytes through; the stream reads its
    /// text output (pgoutput) and sends it as text for the server to parse. Nothing is converted, so nothing can change.
    /// </summary>
    Native,
}
