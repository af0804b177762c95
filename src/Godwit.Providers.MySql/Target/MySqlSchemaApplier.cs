using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// Applies a plan's statements to a MySQL/MariaDB target database. MySQL commits each DDL statement as it runs it, so
/// unlike PostgreSQL nothing is rolled back as a whole: a failure names the statement, and what ran before it stays
/// (a second run with <c>--if-exists keep</c> or <c>drop</c> continues). Statements run with the target database as
/// the session's default and foreign key checks off, so tables come in any order.
/// </summary>
internal static class MySqlSchemaApplier
{
    public static async Task<SchemaApplyResult> ApplyAsync(
        MySqlConnection connection, PgSchemaPlan plan, IfExistsMode ifExists, IReadOnlyCollection<DdlPhase> phases, CancellationToken cancellationToken)
    {
        var existing = await ExistingAsync(connection, plan.TargetSchema, cancellationToken);
        var wanted = plan.Statements.Where(s => s.Kind is DdlObjectKind.Table or DdlObjectKind.View).Select(s => s.Object).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var clashes = existing.Where(e => wanted.Contains(e.Name)).ToList();
        if (clashes.Count > 0 && ifExists == IfExistsMode.Error && phases.Contains(DdlPhase.PreData))
        {
            throw new SchemaConflictException(
                $"{clashes.Count} object(s) already exist in database `{plan.TargetSchema}`: {string.Join(", ", clashes.Take(10).Select(c => c.Name))}"
                + (clashes.Count > 10 ? ", …" : string.Empty) + "; use --if-exists drop (destroys them) or --if-exists keep.");
        }

        var db = MySqlIdentifier.Quote(plan.TargetSchema);
        var executed = 0;
        var dropped = new List<string>();
        var kept = new List<string>();
        var failed = new List<SchemaNote>();
        var skip = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in plan.Statements.Where(s => s.Kind == DdlObjectKind.Schema && phases.Contains(s.Phase)))
        {
            await connection.ExecuteAsync(s.Sql, cancellationToken);
            executed++;
        }

        await connection.ExecuteAsync($"USE {db}", cancellationToken);
        await connection.ExecuteAsync("SET SESSION foreign_key_checks = 0", cancellationToken);
        try
        {
            if (clashes.Count > 0 && phases.Contains(DdlPhase.PreData))
            {
                foreach (var (name, isView) in clashes)
                {
                    if (ifExists == IfExistsMode.Drop)
                    {
                        await connection.ExecuteAsync($"DROP {(isView ? "VIEW" : "TABLE")} IF EXISTS {db}.{MySqlIdentifier.Quote(name)}", cancellationToken);
                        dropped.Add(name);
                    }
                    else
                    {
                        kept.Add(name);
                        skip.Add(name);
                    }
                }
            }

            foreach (var s in plan.Statements.Where(s => s.Kind != DdlObjectKind.Schema && phases.Contains(s.Phase)))
            {
                if (skip.Contains(s.Object) || (s.Table is not null && skip.Contains(s.Table)))
                {
                    continue;
                }

                try
                {
                    await connection.ExecuteAsync(s.Sql, cancellationToken);
                    executed++;
                }
                catch (MySqlException ex) when (s.Optional)
                {
                    failed.Add(new SchemaNote(NoteSeverity.Warning, $"{s.Kind.ToString().ToLowerInvariant()} {s.Object}", $"not created: {ex.Message}", "create it by hand"));
                }
                catch (MySqlException ex)
                {
                    throw new InvalidOperationException($"{s.Kind.ToString().ToLowerInvariant()} {s.Object}: {ex.Message}\n{s.Sql}", ex);
                }
            }
        }
        finally
        {
            if (connection.IsUsable)
            {
                await connection.ExecuteAsync("SET SESSION foreign_key_checks = 1", CancellationToken.None);
            }
        }

        return new SchemaApplyResult(executed, dropped, kept, failed);
    }

    /// <summary>Tables and views already in <paramref name="database"/>.</summary>
    public static async Task<List<(string Name, bool IsView)>> ExistingAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync(
            "SELECT TABLE_NAME, TABLE_TYPE = 'VIEW' FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", cancellationToken);
        await using var reader = await statement.QueryAsync([database], cancellationToken);
        var list = new List<(string, bool)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetString(0), reader.GetInt64(1) != 0));
        }

        return list;
    }
}
