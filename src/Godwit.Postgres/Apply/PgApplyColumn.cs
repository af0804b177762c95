using Godwit.Core.Types;

namespace Godwit.Postgres.Apply;

/// <summary>A target column the apply writes: which source ordinal feeds it and how the value is converted and typed.</summary>
internal sealed record PgApplyColumn(int SourceOrdinal, string SourceName, string QuotedName, ColumnCast Cast, string DataTypeName, bool IsUserDefined)
{
    /// <summary>The parameter placeholder: user-defined types (PostgreSQL enums) get their value as text and a cast.</summary>
    public string Placeholder(int number) => IsUserDefined ? $"${number}::text::{Cast.TargetType.ToSql()}" : $"${number}";
}
