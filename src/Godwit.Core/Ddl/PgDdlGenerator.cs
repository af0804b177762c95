using System.Globalization;
using System.Text;
using Godwit.Core.Ddl.Translation;
using Godwit.Core.Schema;
using Godwit.Core.Types;

namespace Godwit.Core.Ddl;

/// <summary>
/// Translates an introspected MySQL/MariaDB database and its casts into PostgreSQL DDL, split into pre-data
/// and post-data phases. Every identifier is quoted; names are folded (or kept), fitted to 63 bytes and made
/// unique deterministically, and each rename is reported as a note.
/// </summary>
public static class PgDdlGenerator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static PgSchemaPlan Generate(SourceDatabase database, SchemaCasts casts, DdlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(casts);
        options ??= new DdlOptions();
        var g = new Generation(database, casts, options);
        g.Run();
        return new PgSchemaPlan
        {
            TargetSchema = g.Schema,
            Statements = [.. g.Pre, .. g.Post.OrderBy(s => (int)s.Kind)],
            Tables = g.Tables,
            Notes = [.. casts.Notes.Select(n => new SchemaNote(NoteSeverity.Info, "types", n)), .. g.Notes],
            Untranslated = g.Untranslated,
        };
    }

    private sealed class Generation(SourceDatabase db, SchemaCasts casts, DdlOptions options)
    {
        private readonly HashSet<string> _relations = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _relationOf = new(StringComparer.Ordinal);

        public string Schema { get; } = options.ResolveTargetSchema(db.Name);

        public List<DdlStatement> Pre { get; } = [];

        public List<DdlStatement> Post { get; } = [];

        public List<PgTableMapping> Tables { get; } = [];

        public List<SchemaNote> Notes { get; } = [];

        public List<UntranslatedObject> Untranslated { get; } = [];

        private readonly Dictionary<string, HashSet<string>> _constraintNames = new(StringComparer.Ordinal);

        private string? _currentTable;

        /// <summary>Constraint names are unique per table in PostgreSQL, across PK, UNIQUE, CHECK and FK.</summary>
        private HashSet<string> ConstraintNames(PgTableMapping m) =>
            _constraintNames.TryGetValue(m.Name, out var set) ? set : _constraintNames[m.Name] = new HashSet<string>(StringComparer.Ordinal);

        private void AddPre(DdlStatement s) => Pre.Add(s with { Table = _currentTable });

        private void AddPost(DdlStatement s) => Post.Add(s with { Table = _currentTable });

        private string Q(string name) => PgIdentifier.Quote(name);

        private string Qt(string name) => PgIdentifier.Qualify(Schema, name);

        public void Run()
        {
            AddPre(new DdlStatement(DdlPhase.PreData, DdlObjectKind.Schema, Schema, $"CREATE SCHEMA IF NOT EXISTS {Q(Schema)}"));
            var tables = db.Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            foreach (var t in tables)
            {
                var name = Unique(_relations, Fold(t.Name), $"table {t.QualifiedName}");
                _relationOf[t.Name] = name;
            }

            foreach (var v in db.Views.OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                _relationOf[v.Name] = Unique(_relations, Fold(v.Name), $"view {v.Schema}.{v.Name}");
            }

            foreach (var t in tables)
            {
                Tables.Add(MapTable(t));
            }

            if (Tables.Any(m => m.Columns.Any(c => c.Cast.TargetType.Name is "geometry" or "geography")))
            {
                // PostGIS types need the extension; a no-op where it exists (IF NOT EXISTS checks before privileges).
                AddPre(new DdlStatement(DdlPhase.PreData, DdlObjectKind.Other, "postgis", "CREATE EXTENSION IF NOT EXISTS postgis"));
            }

            foreach (var m in Tables)
            {
                EmitTable(m);
            }

            foreach (var m in Tables)
            {
                EmitIndexes(m);
                EmitChecks(m);
                EmitForeignKeys(m);
                EmitComments(m);
            }

            EmitViews();
            EmitTriggers();
            EmitRoutines();
        }

        private string Fold(string name) => PgIdentifier.Fit(PgIdentifier.Fold(name, options.IdentifierCase));

        private string Unique(HashSet<string> taken, string wanted, string what, string? alternative = null)
        {
            if (taken.Add(wanted))
            {
                return wanted;
            }

            var name = wanted;
            if (alternative is not null)
            {
                name = PgIdentifier.Fit(alternative);
                if (taken.Add(name))
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Info, what, $"named {name} on the target ({wanted} is taken)"));
                    return name;
                }
            }

            var baseName = name;
            for (var n = 2; !taken.Add(name); n++)
            {
                name = PgIdentifier.Fit(baseName + "_" + n.ToString(Inv));
            }

            Notes.Add(new SchemaNote(NoteSeverity.Info, what, $"named {name} on the target ({wanted} is taken)"));
            return name;
        }

        private PgTableMapping MapTable(SourceTable t)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var columns = new List<PgColumnMapping>();
            foreach (var c in t.Columns.OrderBy(c => c.Ordinal))
            {
                var cast = casts[t.Name, c.Name];
                var name = Unique(taken, Fold(c.Name), $"column {t.QualifiedName}.{c.Name}");
                columns.Add(new PgColumnMapping(c, name, cast)
                {
                    IsIdentity = c.IsAutoIncrement && cast.TargetType.IsInteger,
                });
            }

            return new PgTableMapping(t, Schema, _relationOf[t.Name], columns);
        }

        private string ColumnName(PgTableMapping m, string source) =>
            m.Columns.FirstOrDefault(c => string.Equals(c.Source.Name, source, StringComparison.OrdinalIgnoreCase))?.Name ?? Fold(source);

        private void EmitTable(PgTableMapping m)
        {
            _currentTable = m.Name;
            var t = m.Source;
            foreach (var c in m.Columns.Where(c => c.Cast.TargetType.IsUserDefined && c.Source.Type.Family == MySqlTypeFamily.Enum && !c.Cast.Origin.StartsWith("FK ", StringComparison.Ordinal)))
            {
                var labels = string.Join(", ", c.Source.Type.Labels.Select(Literal));
                AddPre(new DdlStatement(DdlPhase.PreData, DdlObjectKind.Type, c.Cast.TargetType.Name, $"CREATE TYPE {c.Cast.TargetType.ToSql()} AS ENUM ({labels})"));
            }

            var lines = new List<string>();
            for (var i = 0; i < m.Columns.Count; i++)
            {
                var c = m.Columns[i];
                var line = new StringBuilder().Append("    ").Append(Q(c.Name)).Append(' ').Append(c.Cast.TargetType.ToSql());
                if (c.Source.IsGenerated && GeneratedArithmetic.NarrowIntegerResult(c))
                {
                    Notes.Add(new SchemaNote(
                        NoteSeverity.Warning,
                        $"column {t.QualifiedName}.{c.Source.Name}",
                        $"generated column '{c.Source.GenerationExpression}' is copied as plain data and no longer computed: MySQL computes integer arithmetic in 64 bits and stores what fits the column "
                        + "(clamped outside strict mode), PostgreSQL in the column's own type, so the values cannot be proven equal",
                        $"once the values allow it, add it by hand with 64-bit arithmetic cast back to {c.Cast.TargetType.ToSql()}, e.g. GENERATED ALWAYS AS ((a::bigint * 2)::{c.Cast.TargetType.ToSql()}) STORED"));
                }
                else if (c.Source.IsGenerated)
                {
                    if (MySqlExpressionTranslator.TryTranslate(
                        c.Source.GenerationExpression!, ExpressionContext.Immutable, (n, _) => ColumnName(m, n), n => GeneratedArithmetic.IsIntegerColumn(m, n), out var expr, out var why))
                    {
                        line.Append(" GENERATED ALWAYS AS (").Append(expr).Append(") STORED");
                        var updated = c with { IsGeneratedOnTarget = true };
                        ((List<PgColumnMapping>)m.Columns)[i] = updated;
                        if (!c.Source.IsStoredGenerated)
                        {
                            Notes.Add(new SchemaNote(NoteSeverity.Info, $"column {t.QualifiedName}.{c.Source.Name}", "virtual generated column becomes a STORED generated column (PostgreSQL has no virtual ones before 18)"));
                        }
                    }
                    else
                    {
                        Notes.Add(new SchemaNote(NoteSeverity.Warning, $"column {t.QualifiedName}.{c.Source.Name}", $"generated column expression '{c.Source.GenerationExpression}' not translated ({why}); the column is copied as plain data and no longer computed", "add a trigger or a generated column by hand"));
                    }
                }
                else if (c.IsIdentity)
                {
                    line.Append(" GENERATED BY DEFAULT AS IDENTITY");
                }
                else
                {
                    AppendDefault(line, m, c);
                }

                if (!c.Source.IsNullable)
                {
                    line.Append(" NOT NULL");
                }

                lines.Add(line.ToString());
            }

            AddPre(new DdlStatement(DdlPhase.PreData, DdlObjectKind.Table, m.Name, $"CREATE TABLE {m.QualifiedName} (\n{string.Join(",\n", lines)}\n)"));
            if (t.Partitioning is not null)
            {
                Notes.Add(new SchemaNote(NoteSeverity.Info, $"table {t.QualifiedName}", $"partitioned by {t.Partitioning} on the source; created as a plain table", "partition it declaratively after the migration if needed"));
            }

            foreach (var c in m.Columns.Where(c => c.IsIdentity))
            {
                var start = t.AutoIncrement is { } ai && ai > 1 ? Math.Min(ai, long.MaxValue) : 1UL;
                AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.IdentityRestart, m.Name, IdentityRestartSql(m.QualifiedName, c.Name, start)));
            }

            foreach (var c in m.Columns.Where(c => c.Source.OnUpdateCurrentTimestamp))
            {
                if (options.OnUpdateTriggers)
                {
                    EmitOnUpdateTrigger(m, c);
                }
                else
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, $"column {t.QualifiedName}.{c.Source.Name}", "ON UPDATE CURRENT_TIMESTAMP has no PostgreSQL column equivalent; the application or a trigger must set it", "set it in the application, or let godwit create a trigger for it: --on-update-triggers (schema, migrate, sync) or options.on_update_triggers: true in the spec"));
                }
            }
        }

        private void EmitOnUpdateTrigger(PgTableMapping m, PgColumnMapping c)
        {
            var fn = PgIdentifier.Fit($"{m.Name}_{c.Name}_on_update");
            var now = c.Cast.TargetType.Name == "timestamptz" ? "CURRENT_TIMESTAMP" : "LOCALTIMESTAMP";
            AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Trigger, fn,
                $"CREATE FUNCTION {Qt(fn)}() RETURNS trigger LANGUAGE plpgsql AS $godwit$\nBEGIN\n    IF NEW IS DISTINCT FROM OLD AND NEW.{Q(c.Name)} IS NOT DISTINCT FROM OLD.{Q(c.Name)} THEN\n        NEW.{Q(c.Name)} := {now};\n    END IF;\n    RETURN NEW;\nEND\n$godwit$"));
            AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Trigger, fn,
                $"CREATE TRIGGER {Q(fn)} BEFORE UPDATE ON {m.QualifiedName} FOR EACH ROW EXECUTE FUNCTION {Qt(fn)}()"));
        }

        private void AppendDefault(StringBuilder line, PgTableMapping m, PgColumnMapping c)
        {
            var d = c.Source.Default;
            var where = $"column {m.Source.QualifiedName}.{c.Source.Name}";
            switch (d.Kind)
            {
                case ColumnDefaultKind.None:
                case ColumnDefaultKind.Null:
                    return;
                case ColumnDefaultKind.CurrentTimestamp:
                    var expr = c.Cast.TargetType.Name switch
                    {
                        "timestamptz" => "CURRENT_TIMESTAMP",
                        "timestamp" => "LOCALTIMESTAMP",
                        "date" => "CURRENT_DATE",
                        _ => null,
                    };
                    if (expr is null)
                    {
                        Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"DEFAULT CURRENT_TIMESTAMP dropped: the column is {c.Cast.TargetType}"));
                        return;
                    }

                    line.Append(" DEFAULT ").Append(expr);
                    return;
                case ColumnDefaultKind.Literal:
                    var literal = DefaultLiteral(c, d.Value!, out var problem);
                    if (literal is null)
                    {
                        if (problem is null)
                        {
                            Notes.Add(new SchemaNote(c.Source.IsNullable ? NoteSeverity.Info : NoteSeverity.Warning, where, $"DEFAULT '{d.Value}' becomes no default (zero dates become NULL)",
                                c.Source.IsNullable ? null : "the column is NOT NULL: inserts that relied on the default now fail; set a default or zero_dates: -infinity"));
                        }
                        else
                        {
                            Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"DEFAULT '{d.Value}' dropped: {problem}", "set a default by hand if the application relies on it"));
                        }

                        return;
                    }

                    line.Append(" DEFAULT ").Append(literal);
                    return;
                case ColumnDefaultKind.Expression:
                    if (MySqlExpressionTranslator.TryTranslate(d.Value!, ExpressionContext.Default, (n, _) => ColumnName(m, n), out var translated, out var why))
                    {
                        line.Append(" DEFAULT ").Append(translated);
                    }
                    else
                    {
                        Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"DEFAULT ({d.Value}) not translated ({why})", "set a default by hand"));
                    }

                    return;
            }
        }

        /// <summary>Converts a literal default with the column's own value conversion; null when it has none.</summary>
        private static string? DefaultLiteral(PgColumnMapping c, string value, out string? problem)
        {
            problem = null;
            var kind = c.Cast.Conversion.Kind;
            byte[] bytes;
            if (c.Source.Type.Family == MySqlTypeFamily.Bit)
            {
                if (!TryBitLiteral(value, out var bits))
                {
                    problem = "not a BIT literal";
                    return null;
                }

                var n = Math.Max(1, ((c.Source.Type.Length ?? 1) + 7) / 8);
                bytes = new byte[n];
                for (var i = n - 1; i >= 0; i--, bits >>= 8)
                {
                    bytes[i] = (byte)bits;
                }
            }
            else
            {
                bytes = Encoding.UTF8.GetBytes(value);
            }

            if (kind is ValueConversionKind.Wkb or ValueConversionKind.Ewkb)
            {
                problem = "spatial defaults are not supported";
                return null;
            }

            try
            {
                var text = ValueConverter.ToPgText(c.Cast, bytes);
                if (text is null)
                {
                    return null;
                }

                return Literal(text) + (c.Cast.TargetType.IsArray ? "::text[]" : string.Empty);
            }
            catch (ValueConversionException ex)
            {
                problem = ex.Reason;
                return null;
            }
        }

        private static bool TryBitLiteral(string value, out ulong bits)
        {
            bits = 0;
            var v = value.Trim();
            if (v.StartsWith("b'", StringComparison.OrdinalIgnoreCase) && v.EndsWith('\''))
            {
                foreach (var ch in v[2..^1])
                {
                    if (ch is not ('0' or '1'))
                    {
                        return false;
                    }

                    bits = (bits << 1) | (ch == '1' ? 1UL : 0UL);
                }

                return true;
            }

            return ulong.TryParse(v, NumberStyles.None, Inv, out bits);
        }

        private void EmitIndexes(PgTableMapping m)
        {
            _currentTable = m.Name;
            var t = m.Source;
            foreach (var index in t.Indexes.OrderBy(i => i.Kind == IndexKind.Primary ? 0 : 1).ThenBy(i => i.Name, StringComparer.Ordinal))
            {
                var where = $"index {t.QualifiedName}.{index.Name}";
                var plain = index.Parts.All(p => p.Column is not null && p.PrefixLength is null && p.Expression is null && !p.Descending);
                if (index.Kind == IndexKind.Primary)
                {
                    var pk = Unique(_relations, PgIdentifier.Fit($"{m.Name}_pkey"), where);
                    ConstraintNames(m).Add(pk);
                    AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.PrimaryKey, pk,
                        $"ALTER TABLE {m.QualifiedName} ADD CONSTRAINT {Q(pk)} PRIMARY KEY ({string.Join(", ", index.Parts.Select(p => Q(ColumnName(m, p.Column!))))})"));
                    if (!plain)
                    {
                        Notes.Add(new SchemaNote(NoteSeverity.Info, where, "primary key on column prefixes becomes a key on the full columns"));
                    }

                    continue;
                }

                var name = Unique(_relations, Fold(index.Name), where, $"{m.Name}_{Fold(index.Name)}");
                if (index.Kind == IndexKind.Unique && plain)
                {
                    ConstraintNames(m).Add(name);
                    AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Unique, name,
                        $"ALTER TABLE {m.QualifiedName} ADD CONSTRAINT {Q(name)} UNIQUE ({string.Join(", ", index.Parts.Select(p => Q(ColumnName(m, p.Column!))))})"));
                    continue;
                }

                if (index.Kind == IndexKind.Fulltext)
                {
                    var doc = string.Join(" || ' ' || ", index.Parts.Select(p => $"coalesce({Q(ColumnName(m, p.Column!))}, '')"));
                    AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Index, name,
                        $"CREATE INDEX {Q(name)} ON {m.QualifiedName} USING gin (to_tsvector('simple'::regconfig, {doc}))"));
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, "FULLTEXT index becomes a GIN index on to_tsvector('simple', …)", "rewrite MATCH … AGAINST queries to use @@ to_tsquery"));
                    continue;
                }

                if (index.Kind == IndexKind.Spatial)
                {
                    var col = m.Columns.First(c => string.Equals(c.Source.Name, index.Parts[0].Column, StringComparison.OrdinalIgnoreCase));
                    if (col.Cast.TargetType.Name is "geometry" or "geography")
                    {
                        AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Index, name, $"CREATE INDEX {Q(name)} ON {m.QualifiedName} USING gist ({Q(col.Name)})"));
                    }
                    else
                    {
                        _relations.Remove(name);
                        Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"SPATIAL index skipped: the column becomes {col.Cast.TargetType}", "map the column to geometry (PostGIS) with a rule to keep a spatial index"));
                    }

                    continue;
                }

                var parts = new List<string>();
                var failed = false;
                foreach (var p in index.Parts)
                {
                    string part;
                    if (p.Expression is not null)
                    {
                        if (!MySqlExpressionTranslator.TryTranslate(p.Expression, ExpressionContext.Immutable, (n, _) => ColumnName(m, n), out var e, out var why))
                        {
                            Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"functional index part ({p.Expression}) not translated ({why}); index skipped", "create it by hand"));
                            failed = true;
                            break;
                        }

                        part = "(" + e + ")";
                    }
                    else
                    {
                        var col = m.Columns.First(c => string.Equals(c.Source.Name, p.Column, StringComparison.OrdinalIgnoreCase));
                        part = Q(col.Name);
                        if (p.PrefixLength is { } len)
                        {
                            var full = !col.Cast.TargetType.IsArray && col.Cast.TargetType.Name == "varchar" && index.Kind != IndexKind.Unique
                                && int.TryParse(col.Cast.TargetType.Modifiers, NumberStyles.None, Inv, out var vlen) && vlen <= 512;
                            if (full)
                            {
                                Notes.Add(new SchemaNote(NoteSeverity.Info, where, $"prefix ({len}) of {col.Name} becomes the full column"));
                            }
                            else if (col.Cast.TargetType.Name == "bytea")
                            {
                                part = $"(substring({Q(col.Name)} from 1 for {len.ToString(Inv)}))";
                            }
                            else
                            {
                                part = $"(left({Q(col.Name)}, {len.ToString(Inv)}))";
                            }
                        }
                    }

                    parts.Add(part + (p.Descending ? " DESC" : string.Empty));
                }

                if (failed)
                {
                    _relations.Remove(name);
                    continue;
                }

                var unique = index.Kind == IndexKind.Unique ? "UNIQUE " : string.Empty;
                AddPost(new DdlStatement(DdlPhase.PostData, index.Kind == IndexKind.Unique ? DdlObjectKind.Unique : DdlObjectKind.Index, name,
                    $"CREATE {unique}INDEX {Q(name)} ON {m.QualifiedName} ({string.Join(", ", parts)})"));
            }
        }

        private void EmitChecks(PgTableMapping m)
        {
            _currentTable = m.Name;
            var t = m.Source;
            var taken = ConstraintNames(m);
            foreach (var c in m.Columns)
            {
                var labels = c.Source.Type.Labels;
                if (c.Source.Type.Family == MySqlTypeFamily.Enum && c.Cast.EnumPolicy == EnumPolicy.TextCheck && c.Cast.TargetType.IsTextLike)
                {
                    var name = Unique(taken, PgIdentifier.Fit($"{m.Name}_{c.Name}_check"), $"check on {t.QualifiedName}.{c.Source.Name}");
                    AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Check, name,
                        $"ALTER TABLE {m.QualifiedName} ADD CONSTRAINT {Q(name)} CHECK ({Q(c.Name)} IN ({string.Join(", ", labels.Select(Literal))}))"));
                }
                else if (c.Source.Type.Family == MySqlTypeFamily.Set && c.Cast.TargetType.IsArray)
                {
                    var name = Unique(taken, PgIdentifier.Fit($"{m.Name}_{c.Name}_check"), $"check on {t.QualifiedName}.{c.Source.Name}");
                    AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Check, name,
                        $"ALTER TABLE {m.QualifiedName} ADD CONSTRAINT {Q(name)} CHECK ({Q(c.Name)} <@ ARRAY[{string.Join(", ", labels.Select(Literal))}]::text[])"));
                }
            }

            foreach (var check in t.Checks.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                var where = $"check {t.QualifiedName}.{check.Name}";
                if (check.IsJsonValid)
                {
                    continue;
                }

                if (!MySqlExpressionTranslator.TryTranslate(check.Clause, ExpressionContext.Immutable, (n, _) => ColumnName(m, n), out var expr, out var why))
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"CHECK ({check.Clause}) not translated ({why})", "recreate the constraint by hand"));
                    continue;
                }

                var name = Unique(taken, Fold(check.Name), where);
                AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Check, name,
                    $"ALTER TABLE {m.QualifiedName} ADD CONSTRAINT {Q(name)} CHECK ({expr})"));
            }
        }

        private void EmitForeignKeys(PgTableMapping m)
        {
            _currentTable = m.Name;
            var t = m.Source;
            var taken = ConstraintNames(m);
            foreach (var fk in t.ForeignKeys.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var where = $"foreign key {t.QualifiedName}.{fk.Name}";
                if (!string.Equals(fk.ReferencedSchema, db.Name, StringComparison.OrdinalIgnoreCase))
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"references another database ({fk.ReferencedSchema}.{fk.ReferencedTable}); not created", "migrate that database too and add the FK by hand"));
                    continue;
                }

                var parent = Tables.FirstOrDefault(x => x.Source.Name == fk.ReferencedTable)
                    ?? Tables.FirstOrDefault(x => string.Equals(x.Source.Name, fk.ReferencedTable, StringComparison.OrdinalIgnoreCase));
                if (parent is null)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"references {fk.ReferencedTable}, which is not migrated; not created"));
                    continue;
                }

                var name = Unique(taken, Fold(fk.Name), where);
                AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.ForeignKey, name,
                    $"ALTER TABLE {m.QualifiedName} ADD CONSTRAINT {Q(name)} FOREIGN KEY ({string.Join(", ", fk.Columns.Select(c => Q(ColumnName(m, c))))}) "
                    + $"REFERENCES {parent.QualifiedName} ({string.Join(", ", fk.ReferencedColumns.Select(c => Q(ColumnName(parent, c))))}) "
                    + $"ON DELETE {Action(fk.OnDelete)} ON UPDATE {Action(fk.OnUpdate)}"));
            }
        }

        private static string Action(string action) => action.ToUpperInvariant() switch
        {
            "CASCADE" => "CASCADE",
            "SET NULL" => "SET NULL",
            "SET DEFAULT" => "SET DEFAULT",
            "NO ACTION" => "NO ACTION",
            _ => "RESTRICT",
        };

        private void EmitComments(PgTableMapping m)
        {
            _currentTable = m.Name;
            if (!string.IsNullOrEmpty(m.Source.Comment))
            {
                AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Comment, m.Name, $"COMMENT ON TABLE {m.QualifiedName} IS {Literal(m.Source.Comment)}"));
            }

            foreach (var c in m.Columns.Where(c => !string.IsNullOrEmpty(c.Source.Comment)))
            {
                AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Comment, $"{m.Name}.{c.Name}", $"COMMENT ON COLUMN {m.QualifiedName}.{Q(c.Name)} IS {Literal(c.Source.Comment!)}"));
            }
        }

        private void EmitViews()
        {
            _currentTable = null;
            // Views that mention other views go after them: order by dependency, then by name.
            var pending = db.Views.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
            var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (pending.Count > 0)
            {
                var next = pending.FirstOrDefault(v => !pending.Any(o => o != v && Mentions(v.Definition, o.Name))) ?? pending[0];
                pending.Remove(next);
                done.Add(next.Name);
                var name = _relationOf[next.Name];
                var where = $"view {next.Schema}.{next.Name}";
                var outcome = ViewTranslator.Translate(Qt(name), next.Definition, NewScope(MapSourceName));
                foreach (var note in outcome.Notes)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Info, where, note));
                }

                if (!outcome.Translated)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"view not translated ({outcome.Reason})", "recreate the view by hand; godwit schema --emit-untranslated DIR writes its body"));
                    var closest = ViewTranslator.Translate(Qt(name), next.Definition, NewScope(MapSourceName, lenient: true));
                    Untranslated.Add(new UntranslatedObject("view", $"{db.Name}.{next.Name}", next.Definition, closest.Statements.FirstOrDefault(), outcome.Reason!));
                    continue;
                }

                AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.View, name, outcome.Statements[0]) { Optional = true });
            }
        }

        /// <summary>A name in a view or body: the database becomes the target schema, a relation its target name, anything else is folded.</summary>
        private string MapSourceName(string n, bool qualifier)
        {
            if (qualifier && string.Equals(n, db.Name, StringComparison.OrdinalIgnoreCase))
            {
                return Schema;
            }

            if (_relationOf.TryGetValue(n, out var rel) || (_relationOf.Keys.FirstOrDefault(k => string.Equals(k, n, StringComparison.OrdinalIgnoreCase)) is { } key && _relationOf.TryGetValue(key, out rel)))
            {
                return rel;
            }

            return Fold(n);
        }

        private void EmitTriggers()
        {
            _currentTable = null;
            foreach (var trigger in db.Triggers)
            {
                var where = $"trigger {db.Name}.{trigger.Name}";
                var table = Tables.FirstOrDefault(t => string.Equals(t.Source.Name, trigger.Table, StringComparison.OrdinalIgnoreCase));
                if (table is null)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"{trigger.Timing} {trigger.Event} trigger on {trigger.Table}, which is not migrated; not created"));
                    continue;
                }

                var firesAs = FiringName(trigger);
                var outcome = TriggerTranslator.Translate(Schema, Fold(trigger.Name), table.QualifiedName, trigger.Timing, trigger.Event, trigger.Statement, NewScope(MapSourceName, inTrigger: true), firesAs);
                foreach (var note in outcome.Notes.Distinct(StringComparer.Ordinal))
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Info, where, note));
                }

                if (!outcome.Translated)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"{trigger.Timing} {trigger.Event} trigger on {trigger.Table} not translated ({outcome.Reason})", "rewrite it as a PL/pgSQL trigger; godwit schema --emit-untranslated DIR writes its body"));
                    var closest = TriggerTranslator.Translate(Schema, Fold(trigger.Name), table.QualifiedName, trigger.Timing, trigger.Event, trigger.Statement, NewScope(MapSourceName, inTrigger: true, lenient: true));
                    Untranslated.Add(new UntranslatedObject("trigger", $"{db.Name}.{trigger.Name}", trigger.Statement, closest.Translated ? string.Join(";\n", closest.Statements) + ";" : null, outcome.Reason!));
                    continue;
                }

                var statements = outcome.Statements.ToList();
                if (firesAs is not null)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Info, where, $"several {trigger.Timing} {trigger.Event} triggers on {trigger.Table}: created as {firesAs} so PostgreSQL (which fires them in name order) fires them in MySQL's order (ACTION_ORDER {trigger.ActionOrder.ToString(Inv)}); the original name is its comment"));
                    statements.Add($"COMMENT ON TRIGGER {Q(firesAs)} ON {table.QualifiedName} IS {Literal($"MySQL trigger {trigger.Name} ({trigger.Timing} {trigger.Event}, ACTION_ORDER {trigger.ActionOrder.ToString(Inv)}); named so PostgreSQL fires it in MySQL's order")}");
                }
                else if (SameEvent(trigger).Count > 1)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"several {trigger.Timing} {trigger.Event} triggers on {trigger.Table} and the source does not say their order (no ACTION_ORDER): PostgreSQL fires them in name order", "rename them so the name order is the firing order"));
                }

                _currentTable = table.Name;
                foreach (var sql in statements)
                {
                    // Optional like views and routines: one the target refuses is reported, not a failed schema.
                    AddPost(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Trigger, Fold(trigger.Name), sql) { Optional = true });
                }

                _currentTable = null;
            }
        }

        private List<SourceTrigger> SameEvent(SourceTrigger trigger) =>
            [.. db.Triggers.Where(o => string.Equals(o.Table, trigger.Table, StringComparison.Ordinal) && string.Equals(o.Timing, trigger.Timing, StringComparison.OrdinalIgnoreCase)
                && string.Equals(o.Event, trigger.Event, StringComparison.OrdinalIgnoreCase))];

        /// <summary>
        /// The name a trigger is created under when the table has several of its timing and event: an order prefix from
        /// ACTION_ORDER (<c>t001_name</c>), so PostgreSQL's name order is MySQL's firing order; null for a trigger alone
        /// in its group (it keeps its name) or when the source does not give the order. The function keeps the name.
        /// </summary>
        private string? FiringName(SourceTrigger trigger)
        {
            var group = SameEvent(trigger);
            if (group.Count < 2 || group.Any(t => t.ActionOrder <= 0))
            {
                return null;
            }

            return PgIdentifier.Fit($"t{trigger.ActionOrder.ToString("D3", Inv)}_{Fold(trigger.Name)}");
        }

        private void EmitRoutines()
        {
            _currentTable = null;
            foreach (var r in db.Routines)
            {
                var kind = r.Kind.ToLowerInvariant();
                var where = $"{kind} {db.Name}.{r.Name}";
                var outcome = RoutineTranslator.Translate(Schema, Fold(r.Name), r, NewScope(MapSourceName));
                foreach (var note in outcome.Notes)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Info, where, note));
                }

                foreach (var warning in outcome.Warnings)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, warning));
                }

                if (!outcome.Translated)
                {
                    Notes.Add(new SchemaNote(NoteSeverity.Warning, where, $"stored {kind} not translated ({outcome.Reason})", "rewrite it in PL/pgSQL; godwit schema --emit-untranslated DIR writes its body"));
                    var closest = RoutineTranslator.Translate(Schema, Fold(r.Name), r, NewScope(MapSourceName, lenient: true));
                    Untranslated.Add(new UntranslatedObject(kind, $"{db.Name}.{r.Name}", r.Definition ?? string.Empty, closest.Translated ? closest.Statements[0] + ";" : null, outcome.Reason!));
                    continue;
                }

                // Pre-data, so the views (post-data) that call a routine find it; a PL/pgSQL body is only checked for
                // syntax when created, so the tables need not be there yet.
                AddPre(new DdlStatement(DdlPhase.PreData, DdlObjectKind.Function, Fold(r.Name), outcome.Statements[0]) { Optional = true });
            }
        }

        /// <summary>Names as the view translator sees them: the database becomes the target schema, relations their target names.</summary>
        private TranslationScope NewScope(Func<string, bool, string> map, bool inTrigger = false, bool lenient = false) => new()
        {
            MapName = map,
            InTrigger = inTrigger,
            Lenient = lenient,
            IsBooleanColumn = column => Tables.Any(t => t.Columns.Any(c => string.Equals(c.Source.Name, column, StringComparison.OrdinalIgnoreCase) && c.Cast.TargetType.Name == "boolean")),
            EnumLabels = column => Tables.SelectMany(t => t.Columns)
                .FirstOrDefault(c => string.Equals(c.Source.Name, column, StringComparison.OrdinalIgnoreCase) && c.Source.Type.Family == MySqlTypeFamily.Enum && !c.Cast.TargetType.IsUserDefined)
                ?.Source.Type.Labels,
            Routines = RoutineNames(),
        };

        private Dictionary<string, string> RoutineNames() =>
            db.Routines.Where(r => string.Equals(r.Kind, "FUNCTION", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(r => r.Name, r => Qt(Fold(r.Name)), StringComparer.OrdinalIgnoreCase);

        private static bool Mentions(string definition, string name) =>
            definition.Contains("`" + name + "`", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A standard-conforming PostgreSQL string literal.</summary>
    /// <summary>
    /// Sets an identity's sequence so the next value follows both the copied rows and the source's AUTO_INCREMENT.
    /// The arithmetic is numeric so a column already holding the type's maximum does not overflow (22003); the
    /// sequence is then left exhausted, as the source's AUTO_INCREMENT was.
    /// </summary>
    public static string IdentityRestartSql(string qualifiedTable, string column, ulong start) =>
        "SELECT setval(q.seq, LEAST(q.next, q.maxv)::bigint, q.next > q.maxv) FROM ("
        + $"SELECT seq, GREATEST(COALESCE((SELECT max({PgIdentifier.Quote(column)}) FROM {qualifiedTable}), 0)::numeric + 1, {start.ToString(Inv)}) AS next, "
        + "(SELECT seqmax FROM pg_sequence WHERE seqrelid = seq::regclass) AS maxv "
        + $"FROM pg_get_serial_sequence({Literal(qualifiedTable)}, {Literal(column)}) AS seq) q";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
