using System.Text.Json;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.Providers.MySql.Introspection;
using Godwit.MySql;
using Godwit.Postgres.Copy;
using Godwit.Postgres.Schema;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Cli.Tests.Verify;

/// <summary>
/// Scratch databases plus a small, independent copy (so verify is tested without depending on <c>migrate</c>):
/// the schema from <see cref="PgDdlGenerator"/> applied with <see cref="PgSchemaApplier"/>, and every row read as
/// MySQL text and written with <see cref="PgBinaryRows"/>, the encoding the real copy uses.
/// </summary>
public abstract class VerifyTestBase : ScratchDatabases
{
    protected string Source => MySql.Uri.ToUnmaskedString();

    protected string Target => Postgres.Uri.ToUnmaskedString();

    /// <summary>The PostgreSQL schema: named like the source database, as <c>godwit schema</c> does.</summary>
    protected string Schema => MySql.Name;

    internal async Task<CliRun> VerifyAsync(params string[] extra)
    {
        string[] args = ["verify", "--source", Source, "--target", Target, .. extra];
        return await CliRun.InvokeAsync(args);
    }

    internal static JsonElement Json(CliRun run)
    {
        Assert.True(run.StdOut.TrimStart().StartsWith('{'), $"no JSON on stdout (exit {run.ExitCode}):\n{run.StdOut}\n{run.StdErr}");
        return JsonDocument.Parse(run.StdOut).RootElement;
    }

    internal static JsonElement TableOf(JsonElement report, string table) =>
        report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString()!.EndsWith("." + table, StringComparison.Ordinal));

    /// <summary>Creates the target schema and copies every table's rows.</summary>
    protected async Task CopyAsync()
    {
        await using var mysql = await MySql.OpenAsync();
        await mysql.ExecuteAsync("SET SESSION time_zone = '+00:00', NAMES utf8mb4, SESSION sql_mode = ''", CancellationToken.None);
        var db = await MySqlIntrospector.IntrospectAsync(mysql, MySql.Name, CancellationToken.None);
        var casts = new CastRuleEngine([], null, new CastOptions { TargetSchema = Schema }).ResolveAll(db);
        var plan = PgDdlGenerator.Generate(db, casts, new DdlOptions());
        Plan = plan;
        await using var pg = await Postgres.OpenAsync();
        await PgSchemaApplier.ApplyAsync(pg, plan, IfExistsMode.Error, [DdlPhase.PreData], CancellationToken.None);
        foreach (var table in plan.Tables)
        {
            var columns = table.CopyColumns.ToList();
            // As the copy reads them: a FLOAT widened to DOUBLE (its own text keeps 6 significant digits).
            var select = $"SELECT {string.Join(", ", columns.Select(c => c.Source.Type.Family == MySqlTypeFamily.Float ? $"CAST({MySqlIdentifier.Quote(c.Source.Name)} AS DOUBLE)" : MySqlIdentifier.Quote(c.Source.Name)))} FROM {MySqlIdentifier.Quote(table.Source.Name)}";
            var copy = $"COPY {table.QualifiedName} ({string.Join(", ", columns.Select(c => PgIdentifier.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
            var rows = new PgBinaryRows(columns);
            rows.Reset();
            var batch = new RowBatch(columns.Count);
            await using (var reader = await mysql.QueryAsync(select, CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    for (var i = 0; i < columns.Count; i++)
                    {
                        if (reader.IsDBNull(i))
                        {
                            batch.SetNull(i);
                        }
                        else
                        {
                            batch.SetValue(i, reader.GetRawBytes(i));
                        }
                    }

                    batch.CommitRow();
                    if (rows.TryAdd(batch, batch.Count - 1) is { } error)
                    {
                        throw error;
                    }
                }
            }

            rows.Send(pg, copy);
        }

        await PgSchemaApplier.ApplyAsync(pg, plan, IfExistsMode.Keep, [DdlPhase.PostData], CancellationToken.None);
    }

    /// <summary>The schema plan of the last <see cref="CopyAsync"/>.</summary>
    protected PgSchemaPlan? Plan { get; private set; }

    protected Task PgExecuteAsync(string sql) => Postgres.ExecuteAsync(sql);

    protected Task MySqlExecuteAsync(string sql) => MySql.ExecuteAsync(sql);

    protected string Pg(string table) => PgIdentifier.Qualify(Schema, table);

    protected async Task<long> PgCountAsync(string sql)
    {
        await using var c = await Postgres.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
