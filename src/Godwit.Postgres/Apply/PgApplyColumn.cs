using Godwit.Core.Ddl;
using Godwit.Core.Types;

namespace Godwit.Postgres.Apply;

/// <summary>A target column the apply writes: which source ordinal feeds it and how the value is converted and typed.</summary>
internal sealed record PgApplyColumn(int SourceOrdinal, string SourceName, string TargetName, ColumnCast Cast, string DataTypeName, bool IsUserDefined)
{
    public string QuotedName { get; } = PgIdentifier.Quote(TargetName);

    /// <summary>
    /// Sent as text and cast on the server: user-defined types (PostgreSQL enums), numeric, whose MySQL text is
    /// valid numeric input with every digit, where a System.Decimal parameter would round past 28 digits, and a
    /// PostgreSQL source's values, which are the type's own text output.
    /// </summary>
    public bool SendsText => IsUserDefined || Cast.Conversion.Kind is ValueConversionKind.Numeric or ValueConversionKind.Native;

    /// <summary>The parameter placeholder, with the cast from text for <see cref="SendsText"/> columns.</summary>
    public string Placeholder(int number) => SendsText ? $"${number}::text::{Cast.TargetType.ToSql()}" : $"${number}";
}
