using Godwit.Core.Ddl;

namespace Godwit.Core.Assessment;

/// <summary>What <c>godwit assess</c> reports for the statements the target refused when it rehearsed the schema plan.</summary>
public static class RehearsalFindings
{
    /// <param name="failures">The refused statements, written for <paramref name="rehearsalSchema"/>.</param>
    /// <param name="rehearsalSchema">The throwaway schema the rehearsal used.</param>
    /// <param name="targetSchema">The schema the migration will use, named in the findings instead.</param>
    public static List<Finding> Check(IReadOnlyList<RehearsalFailure> failures, string rehearsalSchema, string targetSchema)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var findings = new List<Finding>();
        var failedTables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failure in failures)
        {
            var statement = failure.Statement;
            if (statement.Table is { } table && statement.Kind != DdlObjectKind.Table && failedTables.Contains(table))
            {
                // Follows from its table's failure, reported already.
                continue;
            }

            if (statement.Kind == DdlObjectKind.Table)
            {
                failedTables.Add(statement.Object);
            }

            var kind = statement.Kind.ToString().ToLowerInvariant();
            var where = $"{kind} {targetSchema}.{statement.Object}";
            var error = failure.Error.Replace(rehearsalSchema, targetSchema, StringComparison.Ordinal);
            findings.Add(statement.Kind == DdlObjectKind.View
                ? new Finding(Severity.Warning, "target-refuses-view", $"PostgreSQL refuses the translated view: {error}", where,
                    "make the view valid SQL for PostgreSQL on the source (every selected column in GROUP BY or in an aggregate), or create it by hand after the migration; migrate reports it and goes on without it")
                : new Finding(statement.Optional ? Severity.Warning : Severity.Blocker, "target-refuses-ddl", $"PostgreSQL refuses the translated {kind}: {error}", where,
                    "change the column's type with a rule (docs/type-mapping.md) or the object on the source"));
        }

        return findings;
    }
}
