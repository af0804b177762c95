using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Godwit.Core.Types;

namespace Godwit.Core.Copy;

/// <summary>
/// Shows a value of a PostgreSQL source's binary COPY (<see cref="ValueConversionKind.Native"/>: the type's send
/// format, docs: "Binary Format" and each type's send function) as a person reads it, for the keys and values that
/// error messages and reject records name: integers, text types, uuid, boolean; anything else in hex.
/// </summary>
internal static class NativeValueDisplay
{
    public static string Show(PgTypeName type, ReadOnlySpan<byte> value)
    {
        // A PostgreSQL source's native casts carry format_type()'s text, e.g. "character varying(20)" or "text[]".
        var name = type.Name;
        if (type.IsArray || name.EndsWith("[]", StringComparison.Ordinal))
        {
            return ValueConversionException.Display(value);
        }

        var paren = name.IndexOf('(', StringComparison.Ordinal);
        name = (paren >= 0 ? name[..paren] : name).Trim();
        return (name, value.Length) switch
        {
            ("smallint", 2) => BinaryPrimitives.ReadInt16BigEndian(value).ToString(CultureInfo.InvariantCulture),
            ("integer", 4) => BinaryPrimitives.ReadInt32BigEndian(value).ToString(CultureInfo.InvariantCulture),
            ("bigint", 8) => BinaryPrimitives.ReadInt64BigEndian(value).ToString(CultureInfo.InvariantCulture),
            ("boolean", 1) => value[0] == 0 ? "false" : "true",
            ("uuid", 16) => new Guid(value, bigEndian: true).ToString(),
            ("text" or "varchar" or "character varying" or "char" or "character" or "bpchar" or "citext" or "name", _) => Quote(value),
            _ => ValueConversionException.Display(value),
        };
    }

    private static string Quote(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value);
        return "'" + (text.Length > 64 ? text[..64] + "…" : text).Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
