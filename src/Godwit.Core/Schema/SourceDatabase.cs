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

    /// <summary>
    /// The source schemas the migration moves: <see cref="Name"/> alone, or for a PostgreSQL source of several schemas
    /// each of them (<see cref="Name"/> then names the migration: the database).
    /// </summary>
    public IReadOnlyList<string> Schemas
    {
        get => field.Count > 0 ? field : [Name];
        init;
    } = [];

    /// <summary>
    /// Whether tables are known within the migration by schema and name (<see cref="SourceTable.Key"/>): a PostgreSQL
    /// source of several schemas, where two schemas may each have an <c>orders</c>.
    /// </summary>
    public bool KeysBySchema { get; init; }

    /// <summary>
    /// Whether the migration moves every non-system schema (a PostgreSQL source whose URI names none): a schema made
    /// on the source later is the migration's too (<see cref="Sync.SourceDdl.NewSchema"/>).
    /// </summary>
    public bool EverySchema { get; init; }

    /// <summary>Whether <paramref name="schema"/> is one of the schemas the migration moves.</summary>
    public bool HasSchema(string schema) => Schemas.Contains(schema, StringComparer.Ordinal);

    /// <summary>The key a table of <paramref name="schema"/> named <paramref name="name"/> has within the migration (<see cref="SourceTable.Key"/>).</summary>
    public string KeyOf(string schema, string name) => KeysBySchema ? $"{schema}.{name}" : name;

    /// <summary>A table by its key within the migration (<see cref="SourceTable.Key"/>: its name, or schema.name for several schemas).</summary>
    public SourceTable? FindTable(string key) =>
        Tables.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal))
        ?? Tables.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>A table by its schema and name (as a change stream names it); null for a schema the migration does not move.</summary>
    public SourceTable? FindTable(string schema, string name) => HasSchema(schema) ? FindTable(KeyOf(schema, name)) : null;
}
