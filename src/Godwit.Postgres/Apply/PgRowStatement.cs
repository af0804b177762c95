namespace Godwit.Postgres.Apply;

/// <summary>
/// What one apply statement text binds: the source table, each parameter's source and target column, and which
/// parameters identify the row (its key, or for a table without one its first columns). Lets a statement
/// PostgreSQL refuses be reported like a copy's bad row: table, key, column and value.
/// </summary>
/// <param name="Table">The source table, <c>db.table</c>.</param>
/// <param name="SourceColumns">The source column each parameter carries, in parameter order.</param>
/// <param name="TargetColumns">The target column each parameter carries, in parameter order.</param>
/// <param name="KeyParameters">The parameters that identify the row.</param>
/// <param name="HasKey">Whether <paramref name="KeyParameters"/> are a primary key (else the first columns of a keyless table).</param>
public sealed record PgRowStatement(string Table, IReadOnlyList<string> SourceColumns, IReadOnlyList<string> TargetColumns, IReadOnlyList<int> KeyParameters, bool HasKey);
