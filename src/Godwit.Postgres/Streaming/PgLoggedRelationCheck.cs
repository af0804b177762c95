using System.Text.RegularExpressions;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Providers.Changes;
using Godwit.Postgres.Apply;

namespace Godwit.Postgres.Streaming;

/// <summary>
/// A PostgreSQL source logs no DDL: pgoutput only describes a table again (a Relation message) before its first row
/// after the definition changed. So the rows that follow are checked against the target table: a column the target
/// lacks, or has with another type, means the source's schema changed, and the stream stops there (the target keeps
/// what it had committed, nothing of the new definition) with what to do, instead of dropping the column's values
/// without a word. Run again, the stream replays from its committed position.
/// </summary>
internal static partial class PgLoggedRelationCheck
{
    public static void Ensure(ChangeTable logged, PgTableMapping mapping, PgTargetTable? target)
    {
        if (target is null)
        {
            return;
        }

        var problems = new List<string>();
        var fixes = new List<string>();
        foreach (var column in logged.Columns)
        {
            var type = column.Type.ColumnType;
            if (!target.Columns.TryGetValue(column.Name ?? string.Empty, out var onTarget))
            {
                problems.Add($"column {column.Name} ({type}) is not on the target");
                fixes.Add($"ALTER TABLE {mapping.QualifiedName} ADD COLUMN {PgIdentifier.Quote(column.Name!)} {type}");
            }
            else if (!PgFormattedType.Same(Unqualified(onTarget.Type), Unqualified(type)))
            {
                problems.Add($"column {column.Name} is {type} on the source but {onTarget.Type} on the target");
                fixes.Add($"ALTER TABLE {mapping.QualifiedName} ALTER COLUMN {PgIdentifier.Quote(column.Name!)} TYPE {type}");
            }
        }

        if (problems.Count > 0)
        {
            throw new SyncStoppedException(
                $"{logged.Schema}.{logged.Name} changed on the source: {string.Join("; ", problems)}. The stream stopped before the first change logged with "
                + $"the new definition, and the target keeps what it had committed. Make the same change on the target ({string.Join("; ", fixes)}) and run "
                + "`godwit sync` again (it resumes from its committed position), or run it with --on-ddl ignore to write only the columns the target has.");
        }
    }

    /// <summary>A type without its schema: the source names user types qualified, the target's catalog as its search_path shows them.</summary>
    private static string Unqualified(string type) => Qualifier().Replace(type, string.Empty);

    [GeneratedRegex(@"^(?:""(?:[^""]|"""")+""|[a-z_][a-z0-9_$]*)\.")]
    private static partial Regex Qualifier();
}
