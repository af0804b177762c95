using System.Globalization;
using Godwit.MySql;
using Npgsql;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>
/// Sakila's stored functions, translated to PL/pgSQL, return what MariaDB returns; its procedures, which send result
/// sets to the client, return the same result sets (as refcursor parameters the caller fetches) and OUT values.
/// </summary>
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
    public async Task A_sakila_stock_procedure_returns_the_same_result_set_and_count_on_PostgreSQL_as_on_MariaDB(string procedure)
    {
        // A film and store with copies both in stock and rented out, so both procedures return rows.
        var pair = (await sakila.MySql.RowsAsync(
            "SELECT film_id, store_id FROM inventory GROUP BY film_id, store_id HAVING SUM(inventory_in_stock(inventory_id)) BETWEEN 1 AND COUNT(*) - 1 ORDER BY film_id, store_id LIMIT 1")).Single();
        var args = $"{pair[0]}, {pair[1]}";

        var mysql = await CallOnMariaDbAsync(procedure, args, outValues: 1, setup: null);
        var pg = await CallOnPostgresAsync(procedure, args, outValues: 1, setup: null);

        Assert.Equal(mysql.Out, pg.Out);
        Assert.Equal(mysql.ResultSets.Select(r => CanonicalRows.Of(r)), pg.ResultSets.Select(r => CanonicalRows.Of(r)));
        var rows = Assert.Single(mysql.ResultSets);
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count.ToString(CultureInfo.InvariantCulture), mysql.Out[0]);
    }

    [Theory]
    [InlineData("0, 10")]
    [InlineData("3, 0.00")]
    [InlineData("1, 5.00")]
    public async Task Rewards_report_returns_the_same_result_sets_and_count_on_PostgreSQL_as_on_MariaDB(string args)
    {
        // Payments dated last month (the report's window), made in the transaction the call runs in and rolled back.
        var lastMonth = DateTime.UtcNow.AddMonths(-1);
        var day = new DateTime(lastMonth.Year, lastMonth.Month, 15, 12, 0, 0, DateTimeKind.Unspecified).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var setup = new[]
        {
            "INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date) SELECT c.customer_id, 1, NULL, 2.99 * n.n, '" + day + "' FROM customer c CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) n WHERE c.customer_id <= 6",
            // Sakila's payment_date trigger stamps NOW() on insert, on both servers.
            "UPDATE payment SET payment_date = '" + day + "' WHERE payment_date > '2020-01-01'",
        };

        var mysql = await CallOnMariaDbAsync("rewards_report", args, outValues: 1, setup);
        var pg = await CallOnPostgresAsync("rewards_report", args, outValues: 1, setup);

        Assert.Equal(mysql.Out, pg.Out);
        Assert.Equal(mysql.ResultSets.Select(r => CanonicalRows.Of(r)), pg.ResultSets.Select(r => CanonicalRows.Of(r)));
        Assert.NotEmpty(Assert.Single(mysql.ResultSets));
    }

    [Theory]
    [InlineData("film_in_stock")]
    [InlineData("film_not_in_stock")]
    [InlineData("rewards_report")]
    public void A_sakila_procedure_that_returns_a_result_set_is_translated_and_says_what_its_callers_must_do(string procedure)
    {
        var line = sakila.Migration.StdErr.Split('\n').SingleOrDefault(l => l.Contains($"procedure {sakila.Schema}.{procedure}: returns ", StringComparison.Ordinal));
        Assert.True(line is not null, sakila.Migration.StdErr);
        Assert.Contains("INOUT refcursor", line, StringComparison.Ordinal);
        Assert.Contains("callers must CALL it inside a transaction", line, StringComparison.Ordinal);
        Assert.DoesNotContain($"procedure {sakila.Schema}.{procedure}: stored procedure not translated", sakila.Migration.StdErr, StringComparison.Ordinal);
    }

    /// <summary>CALL with user variables for the OUT parameters in a transaction rolled back; every result set, then the OUT values.</summary>
    private async Task<(List<List<string?[]>> ResultSets, string?[] Out)> CallOnMariaDbAsync(string procedure, string args, int outValues, string[]? setup)
    {
        await using var connection = await sakila.MySql.OpenAsync();
        await connection.ExecuteAsync("SET SESSION time_zone = '+00:00'", CancellationToken.None);
        await connection.ExecuteAsync("START TRANSACTION", CancellationToken.None);
        foreach (var sql in setup ?? [])
        {
            await connection.ExecuteAsync(sql, CancellationToken.None);
        }

        var outs = string.Join(", ", Enumerable.Range(1, outValues).Select(i => $"@out{i}"));
        var sets = new List<List<string?[]>>();
        await using (var reader = await connection.QueryAsync($"CALL {procedure}({args}, {outs})", CancellationToken.None))
        {
            do
            {
                if (reader.FieldCount == 0)
                {
                    continue;
                }

                var rows = new List<string?[]>();
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);
                }

                sets.Add(rows);
            }
            while (await reader.NextResultAsync(CancellationToken.None));
        }

        string?[] values;
        await using (var reader = await connection.QueryAsync($"SELECT {outs}", CancellationToken.None))
        {
            Assert.True(await reader.ReadAsync(CancellationToken.None));
            values = [.. Enumerable.Range(0, outValues).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))];
        }

        await connection.ExecuteAsync("ROLLBACK", CancellationToken.None);
        return (sets, values);
    }

    /// <summary>CALL with NULL for the OUT parameters in a transaction rolled back; the OUT values, then FETCH ALL from each cursor it returned.</summary>
    private async Task<(List<List<string?[]>> ResultSets, string?[] Out)> CallOnPostgresAsync(string procedure, string args, int outValues, string[]? setup)
    {
        await using var connection = await sakila.Postgres.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecAsync(connection, $"SET LOCAL search_path = \"{sakila.Schema}\"; SET LOCAL TimeZone = 'UTC'");
        foreach (var sql in setup ?? [])
        {
            await ExecAsync(connection, sql);
        }

        var nulls = string.Join(", ", Enumerable.Repeat("NULL", outValues));
        string?[] values;
        var cursors = new List<string>();
        await using (var call = new NpgsqlCommand($"CALL {procedure}({args}, {nulls})", connection))
        await using (var reader = await call.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            values = [.. Enumerable.Range(0, outValues).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))];
            for (var i = outValues; i < reader.FieldCount; i++)
            {
                if (!reader.IsDBNull(i))
                {
                    cursors.Add(reader.GetString(i));
                }
            }
        }

        var sets = new List<List<string?[]>>();
        foreach (var cursor in cursors)
        {
            await using var fetch = new NpgsqlCommand($"FETCH ALL FROM \"{cursor.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await using var reader = await fetch.ExecuteReaderAsync();
            var rows = new List<string?[]>();
            while (await reader.ReadAsync())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Text(reader.GetDataTypeName(i), reader.GetValue(i)))]);
            }

            sets.Add(rows);
        }

        await transaction.RollbackAsync();
        return (sets, values);
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>PostgreSQL values in MariaDB's text forms (timestamps without the 'T', booleans as 1/0).</summary>
    private static string? Text(string type, object value) => value switch
    {
        bool b => b ? "1" : "0",
        DateTime d when type == "date" => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
