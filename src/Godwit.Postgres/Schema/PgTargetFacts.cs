using Godwit.Core.Assessment;
using Npgsql;

namespace Godwit.Postgres.Schema;

/// <summary>Gathers what <c>godwit assess</c> checks on the target.</summary>
public static class PgTargetFacts
{
    public static async Task<TargetFacts> GatherAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        const string sql = """
            SELECT current_setting('server_version_num')::int,
                   current_setting('server_version'),
                   pg_encoding_to_char(d.encoding),
                   has_database_privilege(current_database(), 'CREATE'),
                   EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1),
                   CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) THEN has_schema_privilege($1, 'CREATE') ELSE false END,
                   EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')
              FROM pg_database d WHERE d.datname = current_database()
            """;
        TargetFacts facts;
        await using (var cmd = new NpgsqlCommand(sql, connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            await r.ReadAsync(cancellationToken);
            facts = new TargetFacts
            {
                ServerVersionNum = r.GetInt32(0),
                Version = r.GetString(1),
                Encoding = r.GetString(2),
                CanCreateInDatabase = r.GetBoolean(3),
                SchemaExists = r.GetBoolean(4),
                CanCreateInSchema = r.GetBoolean(5),
                HasPostGis = r.GetBoolean(6),
            };
        }

        var existing = await PgSchemaApplier.ExistingAsync(connection, schema, cancellationToken);
        return facts with { ExistingRelations = [.. existing.Where(e => e.Kind != "type").Select(e => e.Name)] };
    }
}
