namespace Godwit.MySql;

/// <summary>The outcome of a statement that returns no rows (the last statement's, for several).</summary>
public sealed record MySqlCommandResult(long AffectedRows, ulong LastInsertId, int WarningCount);
