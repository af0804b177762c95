using System.Text;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;
using Godwit.Core.Sync;

namespace Godwit.Core.Tenants;

/// <summary>
/// A tenant move's stream filter. A tenant table's row is kept when its tenant column (before or after image) holds
/// the tenant; a row of a table filtered through a foreign-key path when its first hop's columns name a parent key
/// known to be the tenant's (key membership). The known keys start as those the source held when the stream
/// started (<see cref="ITenantSource.KeysAsync"/>) and grow with every kept row of a parent table, in stream order, so a
/// child inserted right after its new parent is kept. Keys are never forgotten (a deleted parent's key stays the
/// tenant's). Included shared tables are kept whole; every other table and every TRUNCATE are passed over (the target
/// holds other tenants' rows). An update that moves a row into the tenant is applied as an insert of its new image,
/// one that moves it out as a delete of its old image (its key stays known: children still pointing at it follow it).
/// With <c>ownKeys</c> (a source whose row images may lack the columns the filter reads: PostgreSQL's pgoutput sends a
/// DELETE's old row, and an UPDATE's when its key did not change, as the key alone unless REPLICA IDENTITY FULL), each
/// filtered table's own primary keys of the tenant are known too, and an image without the tenant column (or the path's
/// columns) is the tenant's when its key is.
/// </summary>
public sealed class TenantChangeFilter : IChangeRowFilter
{
    private const char Separator = '\u0001';
    private readonly TenantPlan _plan;
    private readonly SourceDatabase _db;
    private readonly byte[] _tenant;

    /// <summary>Parent table → the key columns some hop refers to → the tenant's keys there.</summary>
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>With own keys: each filtered table with a primary key → its key columns.</summary>
    private readonly Dictionary<string, IReadOnlyList<string>> _own = new(StringComparer.OrdinalIgnoreCase);

    public TenantChangeFilter(TenantPlan plan, SourceDatabase db, bool ownKeys = false)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _tenant = Encoding.UTF8.GetBytes(plan.Tenant);
        foreach (var hop in plan.Moving.SelectMany(t => t.Path))
        {
            Keys(hop.ParentTable, hop.ParentColumns);
        }

        if (!ownKeys)
        {
            return;
        }

        foreach (var table in plan.Moving.Where(t => t.Filtered))
        {
            if (db.FindTable(table.Table)?.PrimaryKey?.Parts.Select(p => p.Column).ToList() is { Count: > 0 } key && key.All(c => c is not null))
            {
                _own[table.Table] = key!;
                Keys(table.Table, key!);
            }
        }
    }

    /// <summary>The keys to load from the source before the stream starts, as (table, columns): the parent keys a path refers to, and with own keys each filtered table's.</summary>
    public IEnumerable<(string Table, IReadOnlyList<string> Columns)> KeySets =>
        _plan.Moving.SelectMany(t => t.Path).Select(h => (h.ParentTable, h.ParentColumns))
            .Concat(_own.Select(o => (o.Key, o.Value)))
            .DistinctBy(k => k.Item1 + Separator + string.Join(Separator, k.Item2), StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds keys the source holds now (each the key columns' texts joined by <see cref="JoinKey"/>).</summary>
    public void AddKnownKeys(string table, IReadOnlyList<string> columns, IEnumerable<string> keys) => Keys(table, columns).UnionWith(keys);

    /// <summary>One key's text as the filter stores it: the columns' texts joined by a separator no value text holds.</summary>
    public static string JoinKey(IEnumerable<string> parts) => string.Join(Separator, parts);

    public RowChangeKind? ApplyAs(ChangeTable table, RowChangeKind kind, ISourceRowImage? before, ISourceRowImage? after)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (kind == RowChangeKind.Truncate || _plan.Find(table.Name) is not { Moves: true } entry)
        {
            return null;
        }

        var (was, @is) = entry.Role switch
        {
            TenantTableRole.Tenant => (IsTenant(table, before), IsTenant(table, after)),
            TenantTableRole.ViaPath => (Reaches(table, entry.Path[0], before), Reaches(table, entry.Path[0], after)),
            _ => (before is not null, after is not null),
        };
        if (@is && after is not null && _keys.TryGetValue(table.Name, out var sets))
        {
            foreach (var (columns, set) in sets)
            {
                if (Key(table, columns.Split(Separator), after) is { } key)
                {
                    set.Add(key);
                }
            }
        }

        // An update that changes the row's tenant (its tenant column, or the parent key its path goes through): the
        // target has no copy of a row coming in and must not keep one going out, so it becomes an insert or a delete.
        return (was, @is) switch
        {
            (false, false) => null,
            (true, true) => kind,
            (false, true) => RowChangeKind.Insert,
            (true, false) => RowChangeKind.Delete,
        };
    }

    private HashSet<string> Keys(string table, IReadOnlyList<string> columns)
    {
        if (!_keys.TryGetValue(table, out var sets))
        {
            _keys[table] = sets = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        }

        var name = string.Join(Separator, columns);
        if (!sets.TryGetValue(name, out var set))
        {
            sets[name] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        return set;
    }

    private bool IsTenant(ChangeTable table, ISourceRowImage? image)
    {
        if (image is null)
        {
            return false;
        }

        var i = Ordinal(table, _plan.TenantColumn);
        if (!image.IsIncluded(i))
        {
            return KnownOwnKey(table, image);
        }

        return !image.IsNull(i) && image.GetText(i).SequenceEqual(_tenant);
    }

    private bool Reaches(ChangeTable table, TenantHop hop, ISourceRowImage? image)
    {
        if (image is null)
        {
            return false;
        }

        if (hop.Columns.Any(c => !image.IsIncluded(Ordinal(table, c))))
        {
            return KnownOwnKey(table, image);
        }

        return Key(table, hop.Columns, image) is { } key && Keys(hop.ParentTable, hop.ParentColumns).Contains(key);
    }

    /// <summary>An image without the columns the filter reads (a key-only old row): the tenant's when its own key is known to be.</summary>
    private bool KnownOwnKey(ChangeTable table, ISourceRowImage image) =>
        _own.TryGetValue(table.Name, out var columns) && Key(table, columns, image) is { } key && Keys(table.Name, columns).Contains(key);

    private string? Key(ChangeTable table, IReadOnlyList<string> columns, ISourceRowImage image)
    {
        var parts = new string[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var i = Ordinal(table, columns[c]);
            if (!image.IsIncluded(i) || image.IsNull(i))
            {
                return null;
            }

            parts[c] = Encoding.UTF8.GetString(image.GetText(i));
        }

        return JoinKey(parts);
    }

    /// <summary>The column's place in the logged row: by the logged name, or (a binlog without column names) by its place in the table now.</summary>
    private int Ordinal(ChangeTable table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (string.Equals(table.Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var now = _db.FindTable(table.Name) ?? throw new InvalidOperationException($"{table.Name}: not in the source schema");
        var index = now.Columns.ToList().FindIndex(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));
        if (index < 0 || index >= table.Columns.Count)
        {
            throw new InvalidOperationException($"{table.Name}: the logged row has no column '{column}' (the tenant move filters by it)");
        }

        return index;
    }
}
