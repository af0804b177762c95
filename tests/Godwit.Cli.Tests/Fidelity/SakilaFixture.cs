using Godwit.Testing;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>
/// Sakila on a MariaDB scratch database, migrated once (schema + copy) to a PostgreSQL scratch database, shared by the
/// Sakila tests. The fixture files are Sakila's schema and a trimmed data set (Sakila/README.md says how).
/// </summary>
public sealed class SakilaFixture : IAsyncLifetime
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "Godwit.Cli.Tests", "Fidelity", "Sakila");

    public MySqlScratchDatabase MySql { get; private set; } = null!;

    public PgScratchDatabase Postgres { get; private set; } = null!;

    public string Schema => MySql.Name;

    internal CliRun Migration { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        MySql = await MySqlScratchDatabase.CreateAsync();
        Postgres = await PgScratchDatabase.CreateAsync();
        await using (var connection = await MySql.OpenAsync())
        {
            foreach (var file in new[] { "sakila-schema.sql", "sakila-data.sql", "sakila-late-triggers.sql" })
            {
                foreach (var statement in MySqlScript.Split(await File.ReadAllTextAsync(Path.Combine(Folder, file))))
                {
                    await connection.ExecuteAsync(statement, CancellationToken.None);
                }
            }
        }

        Migration = await CliRun.InvokeAsync(["migrate", "--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString()]);
        Assert.True(Migration.ExitCode == 0, $"migrate failed:\n{Migration.StdOut}\n{Migration.StdErr}");
    }

    public async Task DisposeAsync()
    {
        if (MySql is not null)
        {
            await MySql.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
    }
}
