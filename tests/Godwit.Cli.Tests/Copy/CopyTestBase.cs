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
    protected Task<List<string?[]>> PgRowsAsync(string sql) => Postgres.RowsAsync(sql);

    protected async Task<string?> PgScalarAsync(string sql) => (await PgRowsAsync(sql)).Single()[0];

    protected Task<List<string?[]>> MySqlRowsAsync(string sql) => MySql.RowsAsync(sql);

    protected async Task<string?> MySqlScalarAsync(string sql) => (await MySqlRowsAsync(sql)).Single()[0];

    protected Task<MySqlConnection> OpenMySqlAsync() => MySql.OpenAsync();

    /// <summary>The xid that created a catalog row or a data row (to prove what was created after what).</summary>
    protected async Task<long> CatalogXminAsync(string relationOrConstraint, bool constraint = false) =>
        long.Parse((await PgScalarAsync(constraint
            ? $"SELECT xmin::text FROM pg_constraint WHERE conname = '{relationOrConstraint}' AND connamespace = '\"{Schema}\"'::regnamespace"
            : $"SELECT xmin::text FROM pg_class WHERE relname = '{relationOrConstraint}' AND relnamespace = '\"{Schema}\"'::regnamespace"))!, System.Globalization.CultureInfo.InvariantCulture);
}
