using Godwit.Core.Ddl;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The key and index part of <see cref="PgDdlTranslator"/>, done per table after its column changes (MySQL changes an
/// ALTER TABLE's keys after its columns). The primary key is the one the statements left in the
/// <see cref="PgTargetDraft"/>: the apply matches the rows logged after them by it. The other indexes and constraints
/// follow the source schema now, compared with the target by name and, where they have one, by
/// <see cref="PgKeySignature"/>, since a key can keep its name and change its columns.
/// </summary>
internal static class PgKeysAndIndexes
{
    private static readonly DdlObjectKind[] PostDataKinds =
        [DdlObjectKind.Unique, DdlObjectKind.Index, DdlObjectKind.Check, DdlObjectKind.ForeignKey];

    /// <summary>
    /// The table's primary key as the statement leaves it, then its other keys and indexes as the source has them now.
    /// The statement's NOT NULL changes go around the key: SET before it, DROP after the old key is gone (PostgreSQL
    /// refuses DROP NOT NULL on a column of a key, as in <c>DROP PRIMARY KEY, MODIFY id INT NULL</c>).
    /// </summary>
    public static PgDdlTranslation? Translate(List<string> sql, PgTargetDraft draft, PgSchemaPlan after, PgTargetDefinitions definitions)
    {
        var notNull = draft.NotNullChanges.ToList();
        sql.AddRange(notNull.Where(c => c.NotNull).Select(c => $"ALTER TABLE {draft.QualifiedName} ALTER COLUMN {PgIdentifier.Quote(c.Column)} SET NOT NULL"));
        if (draft.KeyChanged)
        {
            if (draft.OriginalKey is { } old)
            {
                sql.Add($"ALTER TABLE {draft.QualifiedName} DROP CONSTRAINT IF EXISTS {PgIdentifier.Quote(old.Name)}");
            }

            if (draft.PrimaryKey is { } key)
            {
                if (key.FirstOrDefault(c => !draft.HasColumn(c)) is { } missing)
                {
                    return PgDdlTranslation.Fail($"the new primary key of {draft.Table.Name} names {missing}, which the target table does not have");
                }

                var current = after.Tables.FirstOrDefault(t => t.Name == draft.Table.Name);
                var name = (current is null ? null : after.Statements.FirstOrDefault(s => s.Table == current.Name && s.Kind == DdlObjectKind.PrimaryKey)?.Object)
                    ?? PgIdentifier.Fit($"{draft.Table.Name}_pkey");
                sql.Add($"ALTER TABLE {draft.QualifiedName} ADD CONSTRAINT {PgIdentifier.Quote(name)} PRIMARY KEY ({string.Join(", ", key.Select(PgIdentifier.Quote))})");
            }
        }

        sql.AddRange(notNull.Where(c => !c.NotNull).Select(c => $"ALTER TABLE {draft.QualifiedName} ALTER COLUMN {PgIdentifier.Quote(c.Column)} DROP NOT NULL"));
        sql.AddRange(draft.DeferredChecks);
        if (draft.IndexesChanged && after.Tables.FirstOrDefault(t => t.Name == draft.Table.Name) is { } table)
        {
            PostDataDifference(sql, after, table, draft, definitions);
        }

        return null;
    }

    /// <summary>
    /// Creates the table's indexes and constraints (all but the primary key) the target lacks, drops the ones the
    /// source no longer has, and makes again the ones whose name stayed but whose columns changed.
    /// </summary>
    private static void PostDataDifference(List<string> sql, PgSchemaPlan after, PgTableMapping current, PgTargetDraft draft, PgTargetDefinitions definitions)
    {
        var existing = draft.Table;
        var qualified = draft.QualifiedName;
        var key = draft.OriginalKey?.Name;
        var wanted = after.Statements.Where(s => s.Table == current.Name && PostDataKinds.Contains(s.Kind)).ToList();
        var names = wanted.Select(s => s.Object).ToHashSet(StringComparer.Ordinal);

        // Constraints and indexes have names of their own: MySQL keeps a foreign key's index, under the key's name,
        // when the key is dropped, so the constraint goes while an index of the same name stays.
        var constraintNames = wanted.Where(IsConstraint).Select(s => s.Object).ToHashSet(StringComparer.Ordinal);
        var dropped = existing.Constraints
            .Where(c => !constraintNames.Contains(c) && !draft.Made.Contains(c) && c != key && !c.EndsWith("_not_null", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var constraint in dropped.Order(StringComparer.Ordinal))
        {
            sql.Add($"ALTER TABLE {qualified} DROP CONSTRAINT IF EXISTS {PgIdentifier.Quote(constraint)}");
        }

        foreach (var index in existing.Indexes.Where(i => !names.Contains(i) && !existing.Constraints.Contains(i)))
        {
            sql.Add($"DROP INDEX IF EXISTS {PgIdentifier.Qualify(after.TargetSchema, index)}");
        }

        foreach (var statement in wanted.Where(w => !draft.Made.Contains(w.Object)))
        {
            var isConstraint = existing.Constraints.Contains(statement.Object) && !dropped.Contains(statement.Object);
            if (isConstraint || existing.Indexes.Contains(statement.Object))
            {
                var have = definitions.Signature(existing.Name, statement.Object);
                var want = PgKeySignature.OfStatement(statement, current.QualifiedName);
                if (have is null || want is null || have == want)
                {
                    continue;
                }

                // Same name, other columns (DROP INDEX i, ADD INDEX i (…)): made again.
                sql.Add(isConstraint
                    ? $"ALTER TABLE {qualified} DROP CONSTRAINT IF EXISTS {PgIdentifier.Quote(statement.Object)}"
                    : $"DROP INDEX IF EXISTS {PgIdentifier.Qualify(after.TargetSchema, statement.Object)}");
            }

            sql.Add(statement.Sql);
        }
    }

    /// <summary>Whether the plan makes the object as a table constraint (UNIQUE, CHECK, FOREIGN KEY) rather than an index of its own.</summary>
    private static bool IsConstraint(DdlStatement statement) => statement.Sql.StartsWith("ALTER TABLE ", StringComparison.Ordinal);
}
