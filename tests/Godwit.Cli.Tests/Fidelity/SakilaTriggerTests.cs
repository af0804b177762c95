namespace Godwit.Cli.Tests.Fidelity;

/// <summary>Sakila's six triggers, translated to PL/pgSQL, do on PostgreSQL what they do on MariaDB for the same DML.</summary>
[Collection(SakilaCollection.Name)]
public sealed class SakilaTriggerTests(SakilaFixture sakila)
{
    [Theory]
    [InlineData("customer_create_date",
        "INSERT INTO customer (store_id, first_name, last_name, email, address_id, active, create_date) VALUES (1, 'GODWIT', 'TRIGGERTEST', NULL, 5, TRUE, '2000-01-01 00:00:00')",
        "SELECT first_name, create_date > '2020-01-01' FROM customer WHERE last_name = 'TRIGGERTEST'")]
    [InlineData("payment_date",
        "INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date) VALUES (2, 1, NULL, 7.77, '2000-01-01 00:00:00')",
        "SELECT customer_id, amount, payment_date > '2020-01-01' FROM payment WHERE amount = 7.77")]
    [InlineData("rental_date",
        "INSERT INTO rental (rental_date, inventory_id, customer_id, return_date, staff_id) VALUES ('2000-01-01 00:00:00', 3, 3, NULL, 2)",
        "SELECT inventory_id, customer_id, rental_date > '2020-01-01' FROM rental WHERE customer_id = 3 AND staff_id = 2 AND return_date IS NULL")]
    [InlineData("ins_film",
        "INSERT INTO film (film_id, title, description, language_id) VALUES (1001, 'GODWIT INSERTED', 'inserted by a test', 1)",
        "SELECT film_id, title, description FROM film_text WHERE film_id = 1001")]
    [InlineData("upd_film",
        "INSERT INTO film (film_id, title, description, language_id) VALUES (1002, 'GODWIT BEFORE', 'before', 1); UPDATE film SET title = 'GODWIT AFTER', description = NULL WHERE film_id = 1002; UPDATE film SET film_id = 1003 WHERE film_id = 1002",
        "SELECT film_id, title, description FROM film_text WHERE film_id IN (1002, 1003)")]
    [InlineData("del_film",
        "INSERT INTO film (film_id, title, description, language_id) VALUES (1004, 'GODWIT DELETED', 'deleted', 1); DELETE FROM film WHERE film_id = 1004",
        "SELECT count(*) FROM film_text WHERE film_id = 1004 OR title = 'GODWIT DELETED'")]
    public async Task A_sakila_trigger_has_the_same_effect_on_PostgreSQL_as_on_MariaDB(string trigger, string dml, string check)
    {
        Assert.Equal(1L, await sakila.Postgres.ScalarAsync<long>(
            $"SELECT count(*) FROM pg_trigger WHERE tgname = '{trigger}' AND tgrelid::regclass::text LIKE '%{sakila.Schema}%'"));

        await sakila.MySql.ExecuteAsync(dml);
        await sakila.Postgres.ExecuteAsync($"SET search_path = \"{sakila.Schema}\"; {dml}");

        var mysql = await sakila.MySql.RowsAsync(check);
        var pg = await sakila.Postgres.RowsAsync($"SET search_path = \"{sakila.Schema}\"; {check}");
        Assert.NotEmpty(mysql);
        Assert.Equal(CanonicalRows.Of(mysql), CanonicalRows.Of(pg));
    }
}
