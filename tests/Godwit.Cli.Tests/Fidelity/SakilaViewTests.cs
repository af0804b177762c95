using Godwit.Testing;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>Sakila's seven views exist on PostgreSQL after a migration and return the rows MariaDB returns.</summary>
[Collection(SakilaCollection.Name)]
public sealed class SakilaViewTests(SakilaFixture sakila)
{
    public static TheoryData<string, int[]> Views => new()
    {
        { "actor_info", [] },
        { "customer_list", [] },
        { "film_list", [7] },
        { "nicer_but_slower_film_list", [7] },
        { "sales_by_film_category", [] },
        { "sales_by_store", [] },
        { "staff_list", [] },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task A_sakila_view_returns_the_same_rows_on_PostgreSQL_as_on_MariaDB(string view, int[] unorderedLists)
    {
        var lists = unorderedLists.ToDictionary(i => i, _ => ", ");
        var mysql = await sakila.MySql.RowsAsync($"SELECT * FROM `{view}`");
        var pg = await sakila.Postgres.RowsAsync($"SELECT * FROM \"{sakila.Schema}\".\"{view}\"");

        Assert.NotEmpty(mysql);
        Assert.Equal(CanonicalRows.Of(mysql, lists), CanonicalRows.Of(pg, lists));
    }

    [Fact]
    public void The_migration_translates_and_creates_every_sakila_view_trigger_and_function()
    {
        // Nothing stays untranslated (the three procedures return their result sets as cursors); nothing translated is
        // refused by PostgreSQL.
        var untranslated = sakila.Migration.StdErr.Split('\n').Where(l => l.Contains("not translated", StringComparison.Ordinal)).ToList();
        Assert.Empty(untranslated);
        Assert.DoesNotContain("not created", sakila.Migration.StdErr, StringComparison.Ordinal);
    }
}
