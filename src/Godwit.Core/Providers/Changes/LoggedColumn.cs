using Godwit.Core.Schema;

namespace Godwit.Core.Providers.Changes;

/// <summary>A column as the change stream logged it.</summary>
/// <param name="Name">Null when the log does not name columns.</param>
/// <param name="Ordinal">0-based position in the row image.</param>
/// <param name="Type">The logged type, in the source engine's terms.</param>
/// <param name="IsNullable">Whether the column took NULL when logged.</param>
public sealed record LoggedColumn(string? Name, int Ordinal, MySqlType Type, bool IsNullable);
