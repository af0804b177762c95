using Godwit.Core.Schema;

namespace Godwit.Core.Types;

/// <summary>All casts of a database, after FK unification, and what the engine had to say about them.</summary>
public sealed class SchemaCasts
{
    private readonly Dictionary<(string Table, string Column), ColumnCast> _casts;

    internal SchemaCasts(Dictionary<(string Table, string Column), ColumnCast> casts, IReadOnlyList<string> notes)
    {
        _casts = casts;
        Notes = notes;
    }

    /// <summary>Decisions worth telling the user (FK unification, renamed enum types).</summary>
    public IReadOnlyList<string> Notes { get; }

    public IEnumerable<ColumnCast> All => _casts.Values;

    /// <summary>The cast of a column: table names match exactly (MySQL table names can be case-sensitive), then ignoring case; column names ignore case.</summary>
    public ColumnCast this[string table, string column]
    {
        get
        {
            if (_casts.TryGetValue((table, column.ToLowerInvariant()), out var c))
            {
                return c;
            }

            var match = _casts.FirstOrDefault(kv => string.Equals(kv.Key.Table, table, StringComparison.OrdinalIgnoreCase) && kv.Key.Column == column.ToLowerInvariant());
            return match.Value ?? throw new KeyNotFoundException($"no cast for {table}.{column}");
        }
    }

    public IReadOnlyList<ColumnCast> ForTable(SourceTable table) => [.. table.Columns.Select(c => this[table.Name, c.Name])];
}
