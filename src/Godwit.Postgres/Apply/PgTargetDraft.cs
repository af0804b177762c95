namespace Godwit.Postgres.Apply;

/// <summary>
/// One target table as the statements translated so far for one source DDL statement leave it: which columns it
/// has, what its primary key is to be, and the NULL-ness the statement gives its columns (settled once the key is
/// known). MySQL applies an ALTER TABLE's column changes before its key changes, and one statement may drop a column
/// and add one of the same name, so each action must see what the ones before it did.
/// </summary>
internal sealed class PgTargetDraft
{
    private readonly HashSet<string> _columns;

    /// <summary>The original key's columns under the names the statement's renames give them.</summary>
    private readonly List<string> _originalKey;

    /// <summary>Columns whose NULL-ness the statement states: whether they are NOT NULL on the target now, and in the statement.</summary>
    private readonly Dictionary<string, (bool Now, bool Stated)> _notNull = new(StringComparer.Ordinal);
    private List<string>? _primaryKey;
    private bool _keyDroppedWithColumn;

    public PgTargetDraft(PgTargetTable table, string qualifiedName, PgTargetPrimaryKey? primaryKey)
    {
        Table = table;
        QualifiedName = qualifiedName;
        OriginalKey = primaryKey;
        _columns = [.. table.Columns.Keys];
        _primaryKey = primaryKey is null ? null : [.. primaryKey.Columns];
        _originalKey = [.. primaryKey?.Columns ?? []];
    }

    public PgTargetTable Table { get; }

    public string QualifiedName { get; }

    /// <summary>The primary key the table had before the statement.</summary>
    public PgTargetPrimaryKey? OriginalKey { get; }

    /// <summary>The primary key's columns (target names) as the statement leaves them; null for none.</summary>
    public IReadOnlyList<string>? PrimaryKey => _primaryKey;

    /// <summary>Whether the key must be made anew: its columns changed, or PostgreSQL dropped it with a dropped column.</summary>
    public bool KeyChanged => _keyDroppedWithColumn || !_originalKey.SequenceEqual(_primaryKey ?? [], StringComparer.Ordinal);

    /// <summary>Constraints the translation has made already (a column's labels CHECK): the key and index pass leaves them be.</summary>
    public HashSet<string> Made { get; } = new(StringComparer.Ordinal);

    /// <summary>Labels CHECKs to add once the column changes are done (the column's type and name are final then).</summary>
    public List<string> DeferredChecks { get; } = [];

    /// <summary>Whether the statement changes indexes or constraints other than the key (they follow the source schema).</summary>
    public bool IndexesChanged { get; set; }

    /// <summary>
    /// The NOT NULL changes the statement makes, as the key it leaves decides them: MySQL keeps a key column NOT NULL
    /// whatever its definition in the statement says (<c>MODIFY id BIGINT</c>), and PostgreSQL refuses DROP NOT NULL on
    /// a key column. The key is the target's own, as the statement changes it: the source's key now may be a later one.
    /// </summary>
    public IEnumerable<(string Column, bool NotNull)> NotNullChanges => _notNull
        .Where(c => _columns.Contains(c.Key))
        .Select(c => (Column: c.Key, NotNull: c.Value.Stated || (_primaryKey?.Contains(c.Key) ?? false), c.Value.Now))
        .Where(c => c.NotNull != c.Now)
        .Select(c => (c.Column, c.NotNull));

    public bool HasColumn(string name) => _columns.Contains(name);

    /// <summary>Records the NULL-ness a statement gives a column, for <see cref="NotNullChanges"/> once the key is known.</summary>
    public void StateNotNull(string column, bool now, bool stated) => _notNull[column] = (now, stated);

    public void AddColumn(string name) => _columns.Add(name);

    /// <summary>
    /// MySQL takes a dropped column out of the keys it was part of and keeps the rest; PostgreSQL drops such a key
    /// whole (ALTER TABLE … DROP COLUMN), so it is made again with the remaining columns.
    /// </summary>
    public void DropColumn(string name)
    {
        _columns.Remove(name);
        _notNull.Remove(name);
        _keyDroppedWithColumn |= _originalKey.Contains(name);
        if (_primaryKey is not null && _primaryKey.Remove(name))
        {
            _primaryKey = _primaryKey.Count == 0 ? null : _primaryKey;
        }
    }

    /// <summary>PostgreSQL renames the column in its keys itself.</summary>
    public void RenameColumn(string from, string to)
    {
        _columns.Remove(from);
        _columns.Add(to);
        if (_notNull.Remove(from, out var notNull))
        {
            _notNull[to] = notNull;
        }

        Rename(_primaryKey, from, to);
        Rename(_originalKey, from, to);
    }

    public void SetPrimaryKey(IReadOnlyList<string>? columns) => _primaryKey = columns is null ? null : [.. columns];

    private static void Rename(List<string>? columns, string from, string to)
    {
        var at = columns?.IndexOf(from) ?? -1;
        if (at >= 0)
        {
            columns![at] = to;
        }
    }
}
