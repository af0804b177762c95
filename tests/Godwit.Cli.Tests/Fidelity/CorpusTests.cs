using System.Globalization;
using Godwit.MySql;
using Npgsql;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>
/// The translation corpus: each body is either translated and behaves the same on PostgreSQL as on MariaDB, or is
/// listed (assess/schema/migrate warnings) with the reason it was not translated.
/// </summary>
public sealed class CorpusTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>
{
    public static TheoryData<string> Ids => [.. CorpusFixture.Cases.Select(c => c.Id)];

    [Fact]
    public void The_corpus_holds_at_least_100_bodies_each_with_its_source()
    {
        Assert.True(CorpusFixture.Cases.Count >= 100, $"{CorpusFixture.Cases.Count} bodies");
        Assert.All(CorpusFixture.Cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
        Assert.All(CorpusFixture.Cases, c => Assert.True(c.Untranslated is not null || c.CheckMySql is not null, $"{c.Id} has neither a check nor an expected reason"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task A_corpus_body_behaves_the_same_on_both_servers_or_is_listed_with_its_reason(string id)
    {
        var c = CorpusFixture.Cases.Single(x => x.Id == id);
        Assert.False(corpus.SourceErrors.TryGetValue(id, out var sourceError), $"MariaDB refused the corpus body {id}: {sourceError}");
        var where = $"{c.Kind} {corpus.MySql.Name}.{c.Id}: ";
        var listed = corpus.Migration.StdErr.Split('\n').FirstOrDefault(l => l.Contains(where, StringComparison.Ordinal) && l.Contains("not translated", StringComparison.Ordinal));
        if (c.Untranslated is not null)
        {
            Assert.True(listed is not null, $"{id} was not listed as untranslated:\n{corpus.Migration.StdErr}");
            Assert.Contains(c.Untranslated, listed, StringComparison.Ordinal);
            return;
        }

        Assert.True(listed is null, listed);
        if (c.Do is not null)
        {
            await MySqlRowsAsync(c.Do);
            await PgRowsAsync(c.Do);
        }

        var mysql = await MySqlRowsAsync(c.CheckMySql!);
        var pg = await PgRowsAsync(c.CheckPostgres!);
        Assert.NotEmpty(mysql);
        Assert.Equal(CanonicalRows.Of(mysql), CanonicalRows.Of(pg));

        if (c.Rejects is not null)
        {
            await Assert.ThrowsAsync<MySqlException>(() => MySqlRowsAsync(c.Rejects));
            await Assert.ThrowsAsync<PostgresException>(() => PgRowsAsync(c.Rejects));
        }
    }

    /// <summary>Each statement on one connection (user variables carry over); the rows of every result set of every statement.</summary>
    private async Task<List<string?[]>> MySqlRowsAsync(string statements)
    {
        await using var connection = await corpus.MySql.OpenAsync();
        var rows = new List<string?[]>();
        foreach (var sql in statements.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Every result set (a CALL may send several).
            await using var reader = await connection.QueryAsync(sql, CancellationToken.None);
            do
            {
                while (reader.FieldCount > 0 && await reader.ReadAsync(CancellationToken.None))
                {
                    var row = new string?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
                    }

                    rows.Add(row);
                }
            }
            while (await reader.NextResultAsync(CancellationToken.None));
        }

        return rows;
    }

    /// <summary>As above on PostgreSQL, in the migrated schema, values in MariaDB's text forms (dates, timestamps, booleans as 1/0).</summary>
    private async Task<List<string?[]>> PgRowsAsync(string statements)
    {
        await using var connection = await corpus.Postgres.OpenAsync();
        await using (var path = new NpgsqlCommand($"SET search_path = \"{corpus.MySql.Name}\"", connection))
        {
            await path.ExecuteNonQueryAsync();
        }

        var rows = new List<string?[]>();
        foreach (var sql in statements.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Text(reader.GetDataTypeName(i), reader.GetValue(i));
                }

                rows.Add(row);
            }
        }

        return rows;
    }

    private static string? Text(string type, object value) => value switch
    {
        bool b => b ? "1" : "0",
        DateTime d when type == "date" => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (d.Ticks % TimeSpan.TicksPerSecond == 0 ? string.Empty : d.ToString(".ffffff", CultureInfo.InvariantCulture)),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
