using Godwit.Core.Types;

namespace Godwit.Postgres.Copy;

/// <summary>One target column: its cast and the Npgsql type name, decided once per table.</summary>
internal readonly record struct ColumnWriter(ColumnCast Cast, ValueConversionKind Kind, string DataTypeName, string Name);
