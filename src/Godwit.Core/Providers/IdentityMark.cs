using Godwit.Core.Ddl;

namespace Godwit.Core.Providers;

/// <summary>The first identity value a source has not handed out for one column of the target plan.</summary>
/// <param name="Table">The table's mapping.</param>
/// <param name="Column">The target column's name.</param>
/// <param name="Next">The next free value on the source.</param>
public sealed record IdentityMark(PgTableMapping Table, string Column, decimal Next);
