using System.Text.Json;
using Godwit.MySql;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Cli.Tests.Copy;

/// <summary>Scratch databases plus what the migrate tests share: running migrate, reading both sides.</summary>
public abstract class CopyTestBase : ScratchDatabases
{
    protected string Source => MySql.Uri.ToUnmaskedString();

    protected string Target => Postgres.Uri.ToUnmaskedString();

    /// <summary>The PostgreSQL schema the copy lands in (the source database's name).</summary>
    protected string Schema => MySql.Name;

    internal async Task<CliRun> MigrateAsync(params string[] extra)
    {
        string[] args = ["migrate", "--source", Source, "--target", Target, .. extra];
        return await CliRun.InvokeAsync(args);
    }

    internal static JsonElement Json(CliRun run)
    {
        Assert.True(run.StdOut.TrimStart().StartsWith('{'), $"no JSON on stdout (exit {run.ExitCode}):\n{run.StdOut}\n{run.StdErr}");
        return JsonDocument.Parse(run.StdOut).RootElement;
    }

    /// <summary>Rows of a PostgreSQL query, every value as text (NULL as null).</summary>
    protected async Task<List<string?[]>> PgRowsAsync(string sql)
    {
        await using var c = await Postgres.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await r.ReadAsync())
        {
            var row = new string?[r.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i) is var v && v is string s ? s : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    protected async Task<string?> PgScalarAsync(string sql) => (await PgRowsAsync(sql)).Single()[0];

    protected async Task<List<string?[]>> MySqlRowsAsync(string sql)
    {
        await using var c = await MySql.OpenAsync();
        await c.ExecuteAsync("SET SESSION time_zone = '+00:00', SESSION group_concat_max_len = 1000000000", CancellationToken.None);
        await using var r = await c.QueryAsync(sql, CancellationToken.None);
        var rows = new List<string?[]>();
        while (await r.ReadAsync(CancellationToken.None))
        {
            var row = new string?[r.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = r.IsDBNull(i) ? null : r.GetString(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    protected async Task<string?> MySqlScalarAsync(string sql) => (await MySqlRowsAsync(sql)).Single()[0];

    protected Task<MySqlConnection> OpenMySqlAsync() => MySql.OpenAsync();

    /// <summary>The xid that created a catalog row or a data row (to prove what was created after what).</summary>
    protected async Task<long> CatalogXminAsync(string relationOrConstraint, bool constraint = false) =>
        long.Parse((await PgScalarAsync(constraint
            ? $"SELECT xmin::text FROM pg_constraint WHERE conname = '{relationOrConstraint}' AND connamespace = '\"{Schema}\"'::regnamespace"
            : $"SELECT xmin::text FROM pg_class WHERE relname = '{relationOrConstraint}' AND relnamespace = '\"{Schema}\"'::regnamespace"))!, System.Globalization.CultureInfo.InvariantCulture);
}
