using Godwit.Core.Schema;

namespace Godwit.Core.Types;

/// <summary>
/// The default MySQL/MariaDB → PostgreSQL type for every source type, and which (source, target) pairs have
/// a value conversion at all (<see cref="ConversionFor"/>): a rule whose target has none is rejected.
/// docs/type-mapping.md documents this table.
/// </summary>
public static class TypeMapping
{
    /// <summary>The default target for a column (before rules and FK unification).</summary>
    public static PgTypeName DefaultTarget(MySqlType type, bool isAutoIncrement)
    {
        ArgumentNullException.ThrowIfNull(type);
        switch (type.Family)
        {
            case MySqlTypeFamily.Integer:
                if (type.IsTinyIntOne && !type.Unsigned && !isAutoIncrement)
                {
                    return PgTypeName.Boolean;
                }

                return (type.IntegerBytes, type.Unsigned) switch
                {
                    (1, _) => PgTypeName.SmallInt,
                    (2, false) => PgTypeName.SmallInt,
                    (2, true) => PgTypeName.Integer,
                    (3, _) => PgTypeName.Integer,
                    (4, false) => PgTypeName.Integer,
                    (4, true) => PgTypeName.BigInt,
                    (8, false) => PgTypeName.BigInt,

                    // An identity column must be an integer type; values above 2^63-1 are reported by assess.
                    (8, true) when isAutoIncrement => PgTypeName.BigInt,
                    _ => PgTypeName.Numeric(20, 0),
                };
            case MySqlTypeFamily.Decimal:
                return PgTypeName.Numeric(type.Length ?? 10, type.Scale ?? 0);
            case MySqlTypeFamily.Float:
                // FLOAT(p) with p > 24 is a DOUBLE in MySQL.
                return type.Length is > 24 && type.Scale is null ? PgTypeName.Double : PgTypeName.Real;
            case MySqlTypeFamily.Double:
                return PgTypeName.Double;
            case MySqlTypeFamily.Bit:
                return PgTypeName.Bit(type.Length ?? 1);
            case MySqlTypeFamily.Date:
                return PgTypeName.Date;
            case MySqlTypeFamily.DateTime:
                return PgTypeName.Timestamp;
            case MySqlTypeFamily.Timestamp:
                return PgTypeName.TimestampTz;
            case MySqlTypeFamily.Time:
                return PgTypeName.Interval;
            case MySqlTypeFamily.Year:
                return PgTypeName.SmallInt;
            case MySqlTypeFamily.Char:
                return type.Length is > 0 ? PgTypeName.Varchar(type.Length.Value) : PgTypeName.Text;
            case MySqlTypeFamily.Text:
            case MySqlTypeFamily.Enum:
                return PgTypeName.Text;
            case MySqlTypeFamily.Binary:
            case MySqlTypeFamily.Blob:
            case MySqlTypeFamily.Spatial:
                return PgTypeName.Bytea;
            case MySqlTypeFamily.Set:
                return PgTypeName.TextArray;
            case MySqlTypeFamily.Json:
                return PgTypeName.Jsonb;
            case MySqlTypeFamily.Uuid:
                return PgTypeName.Uuid;
            case MySqlTypeFamily.Inet4:
            case MySqlTypeFamily.Inet6:
                return PgTypeName.Inet;
            default:
                return PgTypeName.Text;
        }
    }

    /// <summary>The conversion from <paramref name="source"/> values to <paramref name="target"/>, or null when there is none.</summary>
    public static ValueConversionKind? ConversionFor(MySqlType source, PgTypeName target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var f = source.Family;
        if (target.IsUserDefined)
        {
            return f == MySqlTypeFamily.Enum ? ValueConversionKind.Text : null;
        }

        if (target.IsArray)
        {
            return target.Name == "text" && f == MySqlTypeFamily.Set ? ValueConversionKind.SetToArray : null;
        }

        var numeric = f is MySqlTypeFamily.Integer or MySqlTypeFamily.Decimal or MySqlTypeFamily.Float or MySqlTypeFamily.Double or MySqlTypeFamily.Year;
        var textual = f is MySqlTypeFamily.Char or MySqlTypeFamily.Text;
        return target.Name switch
        {
            "boolean" => f == MySqlTypeFamily.Integer ? ValueConversionKind.IntegerToBoolean
                : f == MySqlTypeFamily.Bit && source.Length is null or 1 ? ValueConversionKind.BitToBoolean : null,
            "smallint" => f is MySqlTypeFamily.Integer or MySqlTypeFamily.Year || (f == MySqlTypeFamily.Decimal && source.Scale is null or 0) ? ValueConversionKind.Int16
                : f == MySqlTypeFamily.Bit ? ValueConversionKind.BitToInt64 : null,
            "integer" => f is MySqlTypeFamily.Integer or MySqlTypeFamily.Year || (f == MySqlTypeFamily.Decimal && source.Scale is null or 0) ? ValueConversionKind.Int32
                : f == MySqlTypeFamily.Bit ? ValueConversionKind.BitToInt64 : null,
            "bigint" => f is MySqlTypeFamily.Integer or MySqlTypeFamily.Year || (f == MySqlTypeFamily.Decimal && source.Scale is null or 0) ? ValueConversionKind.Int64
                : f == MySqlTypeFamily.Bit ? ValueConversionKind.BitToInt64 : null,
            "numeric" => numeric ? ValueConversionKind.Numeric : null,
            "real" => numeric ? ValueConversionKind.Real : null,
            "double precision" => numeric ? ValueConversionKind.Double : null,
            "date" => f == MySqlTypeFamily.Date ? ValueConversionKind.Date : null,
            "timestamp" => f is MySqlTypeFamily.Date or MySqlTypeFamily.DateTime or MySqlTypeFamily.Timestamp ? ValueConversionKind.Timestamp : null,
            "timestamptz" => f is MySqlTypeFamily.Date or MySqlTypeFamily.DateTime or MySqlTypeFamily.Timestamp ? ValueConversionKind.TimestampTz : null,
            "time" => f == MySqlTypeFamily.Time ? ValueConversionKind.Time : null,
            "interval" => f == MySqlTypeFamily.Time ? ValueConversionKind.Interval : null,
            "text" or "varchar" or "char" or "citext" => f switch
            {
                MySqlTypeFamily.Bit => ValueConversionKind.BitToText,
                MySqlTypeFamily.Spatial or MySqlTypeFamily.Unknown => f == MySqlTypeFamily.Unknown ? ValueConversionKind.Text : null,
                _ => ValueConversionKind.Text,
            },
            "bytea" => f switch
            {
                MySqlTypeFamily.Spatial => ValueConversionKind.Wkb,
                MySqlTypeFamily.Binary or MySqlTypeFamily.Blob or MySqlTypeFamily.Char or MySqlTypeFamily.Text or MySqlTypeFamily.Json or MySqlTypeFamily.Bit => ValueConversionKind.Bytes,
                _ => null,
            },
            "json" or "jsonb" => f is MySqlTypeFamily.Json || textual ? ValueConversionKind.Json : null,
            "uuid" => f == MySqlTypeFamily.Uuid || textual ? ValueConversionKind.Uuid
                : f == MySqlTypeFamily.Binary && source.Length == 16 ? ValueConversionKind.BinaryToUuid : null,
            "inet" or "cidr" => f is MySqlTypeFamily.Inet4 or MySqlTypeFamily.Inet6 || textual ? ValueConversionKind.Inet : null,
            "bit" or "varbit" => f == MySqlTypeFamily.Bit ? ValueConversionKind.Bits : null,
            "geometry" or "geography" => f == MySqlTypeFamily.Spatial ? ValueConversionKind.Ewkb : null,
            _ => null,
        };
    }

    /// <summary>Why a (source, target) pair may not carry every value exactly, or null when it does.</summary>
    public static string? LossyReason(MySqlType source, PgTypeName target, ValueConversionKind kind)
    {
        return kind switch
        {
            ValueConversionKind.IntegerToBoolean => "tinyint(1) becomes boolean: any non-zero value becomes true",
            ValueConversionKind.Time => "TIME becomes time of day: negative values and values of 24 hours or more fail",
            ValueConversionKind.Int64 when source.Family == MySqlTypeFamily.Integer && source.Unsigned && source.IntegerBytes == 8 =>
                "BIGINT UNSIGNED becomes bigint: values above 9223372036854775807 fail",
            ValueConversionKind.Int16 or ValueConversionKind.Int32 when source.Family == MySqlTypeFamily.Integer && IntegerTooWide(source, target) =>
                $"{source.ColumnType} values may not fit {target}",
            ValueConversionKind.Numeric when source.Family == MySqlTypeFamily.Decimal && source.Length > 28 =>
                $"{source.ColumnType}: values with more than 28 significant digits cannot be copied yet",
            ValueConversionKind.Real when source.Family is not MySqlTypeFamily.Float =>
                $"{source.ColumnType} becomes real: precision beyond ~7 digits is lost",
            ValueConversionKind.Double when source.Family is MySqlTypeFamily.Decimal or MySqlTypeFamily.Integer =>
                $"{source.ColumnType} becomes double precision: precision beyond ~15 digits is lost",
            ValueConversionKind.Wkb => "spatial value becomes WKB bytea: the SRID is dropped (use a rule to geometry with PostGIS to keep it)",
            ValueConversionKind.TimestampTz when source.Family is MySqlTypeFamily.DateTime or MySqlTypeFamily.Date =>
                $"{source.Name} becomes timestamptz: values are taken as UTC",
            _ when target.Name is "varchar" or "char" && target.Modifiers is not null && source.CharacterLength is { } len
                && long.TryParse(target.Modifiers, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < len =>
                $"{source.ColumnType} becomes {target}: longer values fail",
            _ => null,
        };
    }

    private static bool IntegerTooWide(MySqlType source, PgTypeName target)
    {
        var bits = (source.IntegerBytes * 8) + (source.Unsigned ? 1 : 0);
        var fits = target.Name switch { "smallint" => 16, "integer" => 32, _ => 64 };
        return bits > fits;
    }
}
