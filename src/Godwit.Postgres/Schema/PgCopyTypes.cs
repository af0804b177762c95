using Godwit.Core.Types;
using NpgsqlTypes;

namespace Godwit.Postgres.Schema;

/// <summary>How copy and CDC name a <see cref="ColumnCast"/>'s target type to Npgsql (binary COPY needs exact types).</summary>
public static class PgCopyTypes
{
    /// <summary>
    /// The data type name for <c>NpgsqlBinaryImporter.Write(value, dataTypeName)</c> / <c>NpgsqlParameter.DataTypeName</c>:
    /// the canonical name without modifiers (<c>numeric</c>, <c>timestamp with time zone</c>, <c>text[]</c>), or
    /// the schema-qualified name of a user-defined type.
    /// </summary>
    public static string DataTypeName(PgTypeName type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Name is "geometry" or "geography")
        {
            // EWKB travels as bytea; PostGIS casts bytea to geometry/geography implicitly.
            return "bytea";
        }

        if (type.IsUserDefined)
        {
            return $"{type.Schema}.{type.Name}";
        }

        var name = type.Name switch
        {
            "timestamptz" => "timestamp with time zone",
            "timestamp" => "timestamp without time zone",
            "time" => "time without time zone",
            "varchar" => "character varying",
            "char" => "character",
            "varbit" => "bit varying",
            _ => type.Name,
        };
        return type.IsArray ? name + "[]" : name;
    }

    /// <summary>
    /// <see cref="ValueConverter.ToObject"/>, adjusted for Npgsql where the plain .NET value would not round-trip:
    /// TIME → interval is written as an <see cref="NpgsqlInterval"/> of pure microseconds (a TimeSpan would be
    /// split into days, so <c>-838:59:59</c> would read back as <c>-34 days -22:59:59</c>).
    /// </summary>
    public static object? ToNpgsqlValue(ColumnCast cast, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(cast);
        return cast.Conversion.Kind == ValueConversionKind.Interval
            ? new NpgsqlInterval(0, 0, ValueConverter.ToIntervalMicros(cast, value))
            : ValueConverter.ToObject(cast, value);
    }
}
