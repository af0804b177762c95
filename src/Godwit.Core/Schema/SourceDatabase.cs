namespace Godwit.Core.Schema;

/// <summary>A MySQL/MariaDB database as introspected: everything schema creation, copy and CDC need.</summary>
public sealed record SourceDatabase
{
    public required string Name { get; init; }

    /// <summary>The server's version string, e.g. <c>10.11.6-MariaDB</c>.</summary>
    public string ServerVersion { get; init; } = string.Empty;

    public bool IsMariaDb { get; init; }

    public string? DefaultCharset { get; init; }

    public string? DefaultCollation { get; init; }

    public IReadOnlyList<SourceTable> Tables { get; init; } = [];

    public IReadOnlyList<SourceView> Views { get; init; } = [];

    public IReadOnlyList<SourceTrigger> Triggers { get; init; } = [];

    public IReadOnlyList<SourceRoutine> Routines { get; init; } = [];

    /// <summary>
    /// The schema as the source engine itself prints it, for a target of the same engine (PostgreSQL's
    /// <c>pg_dump --schema-only</c>, section by section; MySQL's <c>SHOW CREATE TABLE|VIEW|PROCEDURE|FUNCTION</c>):
    /// statements that belong to a table name it, so a table the spec leaves out takes its statements with it. A
    /// PostgreSQL target of a MySQL source is made from the model instead (<c>MySqlToPostgresMapper</c>).
    /// </summary>
    public IReadOnlyList<Ddl.DdlStatement> NativeDdl { get; init; } = [];

    public SourceTable? FindTable(string name) =>
        Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
        ?? Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
