using Godwit.MySql;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>
/// One scratch pair for the whole corpus: Sakila plus corpus-setup.sql on MariaDB, every corpus body created there,
/// then one migration to PostgreSQL.
/// </summary>
public sealed class CorpusFixture : IAsyncLifetime
{
    public static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "Godwit.Cli.Tests", "Fidelity");

    public static IReadOnlyList<CorpusCase> Cases { get; } = CorpusCase.Load(Path.Combine(Folder, "Corpus", "corpus.sql"));

    public MySqlScratchDatabase MySql { get; private set; } = null!;

    public PgScratchDatabase Postgres { get; private set; } = null!;

    /// <summary>Bodies MariaDB itself refused, by case id (a broken corpus entry, not a translation failure).</summary>
    public Dictionary<string, string> SourceErrors { get; } = [];

    internal CliRun Migration { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        MySql = await MySqlScratchDatabase.CreateAsync();
        Postgres = await PgScratchDatabase.CreateAsync();
        await using (var connection = await MySql.OpenAsync())
        {
            foreach (var file in new[] { "Sakila/sakila-schema.sql", "Sakila/sakila-data.sql", "Sakila/sakila-late-triggers.sql", "Corpus/corpus-setup.sql" })
            {
                foreach (var statement in MySqlScript.Split(await File.ReadAllTextAsync(Path.Combine(Folder, file))))
                {
                    await connection.ExecuteAsync(statement, CancellationToken.None);
                }
            }

            foreach (var c in Cases)
            {
                try
                {
                    await connection.ExecuteAsync(c.Body, CancellationToken.None);
                }
                catch (MySqlException ex)
                {
                    SourceErrors[c.Id] = ex.Message;
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
