using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Npgsql;

namespace Godwit.Postgres.Schema;

/// <summary>
/// Applies a <see cref="PgSchemaPlan"/> to a PostgreSQL database in one transaction: existing objects are
/// handled by <see cref="IfExistsMode"/>; optional statements (views) run in savepoints and a failure
/// becomes a note instead of failing the whole schema.
/// </summary>
public static class PgSchemaApplier
{
    public static async Task<SchemaApplyResult> ApplyAsync(
        NpgsqlConnection connection, PgSchemaPlan plan, IfExistsMode ifExists, IReadOnlyCollection<DdlPhase> phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(phases);
        var existing = new List<(string Schema, string Name, string Kind)>();
        foreach (var schema in plan.TargetSchemas)
        {
            existing.AddRange((await ExistingAsync(connection, schema, cancellationToken)).Select(e => (schema, e.Name, e.Kind)));
        }

        var wanted = plan.Statements
            .Where(s => s.Kind is DdlObjectKind.Table or DdlObjectKind.View or DdlObjectKind.Type)
            .Select(s => s.Object)
            .ToHashSet(StringComparer.Ordinal);

        // Statements name their objects by key (schema.name for several schemas, see PgSchemaPlan.KeysBySchema).
        var clashes = existing.Where(e => wanted.Contains(plan.KeyOf(e.Schema, e.Name))).ToList();
        if (clashes.Count > 0 && ifExists == IfExistsMode.Error && phases.Contains(DdlPhase.PreData))
        {
            throw new SchemaConflictException(
                $"{clashes.Count} object(s) already exist in schema \"{string.Join("\", \"", plan.TargetSchemas)}\": {string.Join(", ", clashes.Take(10).Select(c => plan.KeyOf(c.Schema, c.Name)))}"
                + (clashes.Count > 10 ? ", …" : string.Empty) + "; use --if-exists drop (destroys them) or --if-exists keep.");
        }

        var dropped = new List<string>();
        var kept = new List<string>();
        var failed = new List<SchemaNote>();
        var executed = 0;
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var skipTables = new HashSet<string>(StringComparer.Ordinal);
        if (clashes.Count > 0 && phases.Contains(DdlPhase.PreData))
        {
            foreach (var c in clashes)
            {
                if (ifExists == IfExistsMode.Drop)
                {
                    var what = c.Kind switch { "v" => "VIEW", "m" => "MATERIALIZED VIEW", "type" => "TYPE", "S" => "SEQUENCE", "i" => "INDEX", _ => "TABLE" };
                    await ExecAsync(connection, tx, $"DROP {what} IF EXISTS {PgIdentifier.Qualify(c.Schema, c.Name)} CASCADE", cancellationToken);
                    dropped.Add(plan.KeyOf(c.Schema, c.Name));
                }
                else
                {
                    kept.Add(plan.KeyOf(c.Schema, c.Name));
                    skipTables.Add(plan.KeyOf(c.Schema, c.Name));
                }
            }
        }

        foreach (var s in plan.Statements.Where(s => phases.Contains(s.Phase)))
        {
            if (skipTables.Contains(s.Object) || (s.Table is not null && skipTables.Contains(s.Table)))
            {
                continue;
            }

            if (s.Optional)
            {
                await using var savepoint = new NpgsqlCommand("SAVEPOINT godwit_optional", connection, tx);
                await savepoint.ExecuteNonQueryAsync(cancellationToken);
                try
                {
                    await ExecAsync(connection, tx, s.Sql, cancellationToken);
                    executed++;
                }
                catch (PostgresException ex)
                {
                    await ExecAsync(connection, tx, "ROLLBACK TO SAVEPOINT godwit_optional", cancellationToken);
                    failed.Add(new SchemaNote(NoteSeverity.Warning, $"{s.Kind.ToString().ToLowerInvariant()} {s.Object}", $"not created: {ex.MessageText}", "create it by hand"));
                }

                continue;
            }

            try
            {
                await ExecAsync(connection, tx, s.Sql, cancellationToken);
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"{s.Kind.ToString().ToLowerInvariant()} {s.Object}: {ex.MessageText}\n{s.Sql}", ex);
            }

            executed++;
        }

        await tx.CommitAsync(cancellationToken);
        return new SchemaApplyResult(executed, dropped, kept, failed);
    }

    /// <summary>Relations and types already in <paramref name="schema"/>: (name, relkind or "type").</summary>
    public static async Task<List<(string Name, string Kind)>> ExistingAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        const string sql = """
            SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
            UNION ALL
            SELECT t.typname, 'type' FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = $1 AND t.typtype = 'e'
            ORDER BY 1
            """;
        await using var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var result = new List<(string, string)>();
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add((r.GetString(0), r.GetString(1)));
        }

        return result;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
