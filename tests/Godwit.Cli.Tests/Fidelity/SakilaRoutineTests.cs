namespace Godwit.Cli.Tests.Fidelity;

/// <summary>Sakila's stored functions, translated to PL/pgSQL, return what MariaDB returns; its procedures are listed with the reason.</summary>
[Collection(SakilaCollection.Name)]
public sealed class SakilaRoutineTests(SakilaFixture sakila)
{
    [Theory]
    [InlineData("SELECT customer_id, get_customer_balance(customer_id, '2005-07-31 12:00:00'), get_customer_balance(customer_id, '2006-12-31 00:00:00') FROM customer WHERE customer_id <= 60")]
    [InlineData("SELECT inventory_id, inventory_in_stock(inventory_id) FROM inventory")]
    [InlineData("SELECT inventory_id, inventory_held_by_customer(inventory_id) FROM inventory")]
    public async Task A_sakila_function_returns_the_same_values_on_PostgreSQL_as_on_MariaDB(string query)
    {
        var mysql = await sakila.MySql.RowsAsync(query);
        var pg = await sakila.Postgres.RowsAsync($"SET search_path = \"{sakila.Schema}\"; {query}");

        Assert.NotEmpty(mysql);
        Assert.Equal(CanonicalRows.Of(mysql), CanonicalRows.Of(pg));
    }

    [Theory]
    [InlineData("film_in_stock")]
    [InlineData("film_not_in_stock")]
    [InlineData("rewards_report")]
    public void A_sakila_procedure_that_returns_a_result_set_is_listed_with_the_reason(string procedure)
    {
        Assert.Contains($"procedure {sakila.Schema}.{procedure}: stored procedure not translated (a SELECT that returns a result set to the client", sakila.Migration.StdErr, StringComparison.Ordinal);
    }
}
