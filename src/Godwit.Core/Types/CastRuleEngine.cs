using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>
/// Turns <c>rules:</c> into one <see cref="ColumnCast"/> per column: the PostgreSQL type and the value
/// conversion, decided together. For each aspect (target type, zero dates, enum policy) the most specific
/// matching rule wins — column, then table+type, table, type (with arguments before without), then a rule
/// with no selector — and among equals the later one. Defaults come from <see cref="TypeMapping"/>.
/// Then FK columns are unified: a child column always gets its parent column's exact type.
/// </summary>
public sealed class CastRuleEngine
{
    private readonly List<CastRule> _rules = [];
    private readonly CastOptions _options;

    /// <param name="rules">The spec's rules, in order.</param>
    /// <param name="origin">The spec file, for messages (<c>godwit.yaml</c>).</param>
    /// <param name="options">Naming for user-defined types.</param>
    public CastRuleEngine(IEnumerable<TypeRuleSpec> rules, string? origin = null, CastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _options = options ?? new CastOptions();
        var index = 0;
        foreach (var spec in rules)
        {
            _rules.Add(Parse(spec, origin, index++));
        }
    }

    public IReadOnlyList<CastRule> Rules => _rules;

    /// <summary>Decides one column on its own (no FK unification).</summary>
    public ColumnCast Resolve(string db, string table, SourceColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var matching = _rules.Where(r => r.Matches(db, table, column)).ToList();
        var toRule = Best(matching, r => r.To is not null);
        var zeroRule = Best(matching, r => r.ZeroDates is not null);
        var enumRule = Best(matching, r => r.Enum is not null);

        var enumPolicy = enumRule?.Enum ?? EnumPolicy.TextCheck;
        PgTypeName target;
        if (toRule is not null)
        {
            target = toRule.To!;
        }
        else if (column.Type.Family == MySqlTypeFamily.Enum && enumPolicy == EnumPolicy.PgEnum)
        {
            target = PgTypeName.UserDefined(
                PgIdentifier.Fold(_options.TargetSchema, IdentifierCase.Keep),
                PgIdentifier.Fit(PgIdentifier.Fold($"{table}_{column.Name}", _options.IdentifierCase)));
        }
        else
        {
            target = TypeMapping.DefaultTarget(column.Type, column.IsAutoIncrement);
        }

        var kind = TypeMapping.ConversionFor(column.Type, target)
            ?? throw new CastRuleException(
                $"{toRule?.Origin ?? "default"}: rule '{toRule?.Describe()}' cannot apply to {db}.{table}.{column.Name} ({column.Type.ColumnType}): "
                + $"there is no conversion from {column.Type.Name} to {target}.");

        var zero = zeroRule?.ZeroDates ?? ZeroDatePolicy.Null;
        var conversion = new ValueConversion(kind)
        {
            ZeroDates = zero,
            BitLength = column.Type.Family == MySqlTypeFamily.Bit ? column.Type.Length ?? 1 : 0,
            Scale = target.Name == "numeric" && target.Modifiers?.Split(',') is [_, var s] ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        if (zeroRule is not null && zero == ZeroDatePolicy.Keep && !target.IsTextLike
            && column.Type.Family is MySqlTypeFamily.Date or MySqlTypeFamily.DateTime or MySqlTypeFamily.Timestamp)
        {
            throw new CastRuleException(
                $"{zeroRule.Origin}: rule '{zeroRule.Describe()}': zero_dates: keep needs a text target, but {db}.{table}.{column.Name} becomes {target}; "
                + "add 'to: text' or choose null, error or -infinity.");
        }

        return new ColumnCast
        {
            SourceSchema = db,
            SourceTable = table,
            Column = column,
            TargetType = target,
            Conversion = conversion,
            EnumPolicy = enumPolicy,
            Origin = toRule?.Origin ?? zeroRule?.Origin ?? enumRule?.Origin ?? "default",
            LossyReason = TypeMapping.LossyReason(column.Type, target, kind),
        };
    }

    /// <summary>Decides every column of <paramref name="database"/> and unifies FK columns with their parents.</summary>
    public SchemaCasts ResolveAll(SourceDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var casts = new Dictionary<(string, string), ColumnCast>();
        var notes = new List<string>();
        foreach (var table in database.Tables)
        {
            foreach (var column in table.Columns)
            {
                casts[(table.Name, column.Name.ToLowerInvariant())] = Resolve(database.Name, table.Name, column);
            }
        }

        UnifyForeignKeys(database, casts, notes);

        // Tables and views have row types of their own name: an enum type must not take one.
        var relationNames = database.Tables.Select(t => t.Name).Concat(database.Views.Select(v => v.Name))
            .Select(n => PgIdentifier.Fit(PgIdentifier.Fold(n, _options.IdentifierCase)));
        DedupeEnumTypes(casts, notes, relationNames);
        return new SchemaCasts(casts, notes);
    }

    private static void UnifyForeignKeys(SourceDatabase database, Dictionary<(string, string), ColumnCast> casts, List<string> notes)
    {
        // Propagate parent → child until nothing changes; chains (a → b → c) settle in as many passes as they are long.
        var edges = new List<(SourceForeignKey Fk, string Child, string ChildCol, string Parent, string ParentCol)>();
        foreach (var table in database.Tables)
        {
            foreach (var fk in table.ForeignKeys.Where(f => string.Equals(f.ReferencedSchema, database.Name, StringComparison.OrdinalIgnoreCase)))
            {
                for (var i = 0; i < fk.Columns.Count && i < fk.ReferencedColumns.Count; i++)
                {
                    var parent = database.Tables.FirstOrDefault(t => t.Name == fk.ReferencedTable)
                        ?? database.Tables.FirstOrDefault(t => string.Equals(t.Name, fk.ReferencedTable, StringComparison.OrdinalIgnoreCase));
                    if (parent is not null)
                    {
                        edges.Add((fk, table.Name, fk.Columns[i].ToLowerInvariant(), parent.Name, fk.ReferencedColumns[i].ToLowerInvariant()));
                    }
                }
            }
        }

        for (var pass = 0; pass <= edges.Count; pass++)
        {
            var changed = false;
            foreach (var (fk, child, childCol, parent, parentCol) in edges)
            {
                if (!casts.TryGetValue((child, childCol), out var c) || !casts.TryGetValue((parent, parentCol), out var p) || c.TargetType == p.TargetType)
                {
                    continue;
                }

                var kind = TypeMapping.ConversionFor(c.Column.Type, p.TargetType);
                if (kind is null)
                {
                    notes.Add($"{c.QualifiedColumn} ({c.TargetType}) cannot take the type of its parent {p.QualifiedColumn} ({p.TargetType}) (FK {fk.Name}); the FK may fail to create.");
                    continue;
                }

                notes.Add($"{c.QualifiedColumn} becomes {p.TargetType} (not {c.TargetType}) to match its parent {p.QualifiedColumn} (FK {fk.Name}).");
                casts[(child, childCol)] = c with
                {
                    TargetType = p.TargetType,
                    Conversion = c.Conversion with { Kind = kind.Value, Scale = p.Conversion.Scale },
                    Origin = $"FK {fk.Name} → {p.QualifiedColumn}",
                    LossyReason = TypeMapping.LossyReason(c.Column.Type, p.TargetType, kind.Value),
                };
                changed = true;
            }

            if (!changed)
            {
                break;
            }
        }
    }

    private static void DedupeEnumTypes(Dictionary<(string, string), ColumnCast> casts, List<string> notes, IEnumerable<string> relationNames)
    {
        var seen = new HashSet<string>(relationNames, StringComparer.Ordinal);
        foreach (var key in casts.Keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal).ToList())
        {
            var cast = casts[key];
            if (!cast.TargetType.IsUserDefined || cast.Origin.StartsWith("FK ", StringComparison.Ordinal))
            {
                continue;
            }

            var name = cast.TargetType.Name;
            for (var n = 2; !seen.Add(name); n++)
            {
                name = PgIdentifier.Fit(cast.TargetType.Name + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (name != cast.TargetType.Name)
            {
                notes.Add($"enum type for {cast.QualifiedColumn} is named {name} ({cast.TargetType.Name} was taken).");
                casts[key] = cast with { TargetType = PgTypeName.UserDefined(cast.TargetType.Schema!, name) };
            }
        }
    }

    private static CastRule? Best(List<CastRule> rules, Func<CastRule, bool> has) =>
        rules.Where(has).OrderByDescending(r => r.Specificity).ThenByDescending(r => r.Index).FirstOrDefault();

    private static CastRule Parse(TypeRuleSpec spec, string? origin, int index)
    {
        var where = spec.Line > 0 ? $"{origin ?? MigrationSpecLoader.DefaultFileName}:{spec.Line}" : "command line";
        CastRuleException Error(string message) => new($"{where}: rule '{Describe(spec)}': {message}");

        MySqlTypePattern? pattern = null;
        if (spec.Type is not null)
        {
            var typeText = spec.Type.Trim();
            if (!MySqlTypePattern.TryParse(typeText, out var p))
            {
                throw Error($"'{spec.Type}' is not a MySQL or MariaDB type (e.g. datetime, tinyint(1), bigint unsigned, enum, json).");
            }

            pattern = p;
        }

        PgTypeName? to = null;
        if (spec.To is not null)
        {
            if (!PgTypeName.TryParse(spec.To, out var t))
            {
                throw Error($"'{spec.To}' is not a PostgreSQL type Godwit can produce (e.g. text, varchar(n), smallint, integer, bigint, numeric(p,s), real, double precision, boolean, date, timestamp, timestamptz, time, interval, jsonb, json, uuid, inet, bytea, bit(n), text[], geometry).");
            }

            to = t;
            if (pattern is not null && TypeMapping.ConversionFor(pattern.Sample(), t) is null)
            {
                throw Error($"there is no conversion from {pattern} to {t}.");
            }
        }

        ZeroDatePolicy? zero = spec.ZeroDates?.ToLowerInvariant() switch
        {
            null => null,
            "null" => ZeroDatePolicy.Null,
            "error" => ZeroDatePolicy.Error,
            "-infinity" => ZeroDatePolicy.NegativeInfinity,
            "keep" => ZeroDatePolicy.Keep,
            _ => throw Error($"zero_dates must be null, error, -infinity or keep, not '{spec.ZeroDates}'."),
        };
        if (zero == ZeroDatePolicy.Keep && to is not null && !to.IsTextLike)
        {
            throw Error($"zero_dates: keep needs a text target, not {to}.");
        }

        if (zero is not null && pattern is not null && pattern.Sample().Family is not (MySqlTypeFamily.Date or MySqlTypeFamily.DateTime or MySqlTypeFamily.Timestamp))
        {
            throw Error($"zero_dates applies to date, datetime and timestamp columns, not {pattern}.");
        }

        EnumPolicy? enumPolicy = spec.Enum?.ToLowerInvariant().Replace(' ', '-') switch
        {
            null => null,
            "text+check" => EnumPolicy.TextCheck,
            "pg-enum" => EnumPolicy.PgEnum,
            "text" => EnumPolicy.Text,
            _ => throw Error($"enum must be text+check, pg-enum or text, not '{spec.Enum}'."),
        };

        (string, string, string)? column = null;
        if (spec.Column is not null)
        {
            var parts = spec.Column.Split('.');
            if (parts.Length != 3 || parts.Any(p => p.Length == 0))
            {
                throw Error($"column must be db.table.column, not '{spec.Column}'.");
            }

            column = (parts[0], parts[1], parts[2]);
        }

        (string, string)? table = null;
        if (spec.Table is not null)
        {
            var parts = spec.Table.Split('.');
            if (parts.Length != 2 || parts.Any(p => p.Length == 0))
            {
                throw Error($"table must be db.table, not '{spec.Table}'.");
            }

            table = (parts[0], parts[1]);
        }

        if (to is null && zero is null && enumPolicy is null)
        {
            throw Error("a rule needs 'to', 'zero_dates' or 'enum'.");
        }

        return new CastRule
        {
            Spec = spec,
            Origin = where,
            Index = index,
            Type = pattern,
            Column = column,
            Table = table,
            To = to,
            ZeroDates = zero,
            Enum = enumPolicy,
        };
    }

    private static string Describe(TypeRuleSpec spec)
    {
        var what = spec.Column ?? (spec.Table is not null ? spec.Table + (spec.Type is not null ? " " + spec.Type : string.Empty) : spec.Type ?? "all columns");
        var does = spec.To ?? (spec.ZeroDates is not null ? "zero dates " + spec.ZeroDates : "enum " + spec.Enum);
        return $"{what} -> {does}";
    }
}
