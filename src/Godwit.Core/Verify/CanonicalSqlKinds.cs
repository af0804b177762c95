using Godwit.Core.Types;

namespace Godwit.Core.Verify;

/// <summary>Facts about canonical texts that both dialects' SQL generators must agree on.</summary>
public static class CanonicalSqlKinds
{
    /// <summary>
    /// Whether the canonical text may contain any character (text, sets, enums, anything kept as text, a PostgreSQL source's values): such
    /// fields are length-prefixed in the row string. Numbers, dates, hex, UUIDs, addresses and bit strings never
    /// contain ',' or '~' and are written without a prefix (cheaper to compute).
    /// </summary>
    public static bool IsFreeText(ColumnCast cast)
    {
        ArgumentNullException.ThrowIfNull(cast);
        return cast.Conversion.Kind is ValueConversionKind.Text or ValueConversionKind.SetToArray or ValueConversionKind.Json or ValueConversionKind.Native;
    }

    /// <summary>
    /// Whether the canonical expression can be NULL on the source: a nullable column, or a date that may be zero
    /// (which the copy turned into NULL). Only those fields pay for the NULL marker; if the target has a NULL
    /// where the source cannot, the target's whole row string is NULL and its hash drops out of the sum, which
    /// the digest still catches.
    /// </summary>
    public static bool MayBeNull(Ddl.PgColumnMapping column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Source.IsNullable || column.Cast.Conversion.HandlesZeroDates;
    }
}
