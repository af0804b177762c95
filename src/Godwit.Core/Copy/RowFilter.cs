namespace Godwit.Core.Copy;

/// <summary>
/// Only the rows whose <see cref="Column"/> holds one of <see cref="Values"/> (a tenant's rows, for a tenant move).
/// Values are the column's text as the source prints it; the source provider compares them in the column's own type,
/// as literals it quotes itself (never text pasted into SQL).
/// </summary>
/// <param name="Column">The source column (e.g. <c>tenant_id</c>).</param>
/// <param name="Values">The values to keep; at least one.</param>
public sealed record RowFilter(string Column, IReadOnlyList<string> Values);
