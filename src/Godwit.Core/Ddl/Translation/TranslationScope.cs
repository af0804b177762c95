namespace Godwit.Core.Ddl.Translation;

/// <summary>What the printer needs to know about names where a body is translated.</summary>
public sealed class TranslationScope
{
    /// <summary>Maps a table, column or schema name (unquoted) and whether a <c>.</c> follows it to the target name.</summary>
    public required Func<string, bool, string> MapName { get; init; }

    /// <summary>Whether a column (by its source name) is a boolean on the target; MySQL tests any number for truth.</summary>
    public Func<string, bool> IsBooleanColumn { get; init; } = _ => false;

    /// <summary>An ENUM column (by its source name) that became text on the target: its labels in MySQL's order; else null.</summary>
    public Func<string, IReadOnlyList<string>?> EnumLabels { get; init; } = _ => null;

    /// <summary>The source database's stored functions and procedures, by name, to their qualified target names.</summary>
    public IReadOnlyDictionary<string, string> Routines { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Inside a trigger body: NEW and OLD are the row variables.</summary>
    public bool InTrigger { get; init; }

    /// <summary>Local variables, cursors and parameters in scope (PSM) with their PostgreSQL types, matched case-insensitively.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body's function returns this PostgreSQL type (null outside functions).</summary>
    public string? ReturnType { get; init; }

    /// <summary>
    /// For the closest translation of a refused body: what cannot be translated is kept as a commented MySQL piece
    /// (with the reason) instead of stopping the translation. Never applied to a target.
    /// </summary>
    public bool Lenient { get; init; }

    /// <summary>What FOUND_ROWS() reads (a procedure's count of its last result set's rows); null where it has none.</summary>
    public string? FoundRowsVariable { get; set; }

    /// <summary>Approximations made on the way (not failures): each becomes a note.</summary>
    public List<string> Notes { get; } = [];
}
