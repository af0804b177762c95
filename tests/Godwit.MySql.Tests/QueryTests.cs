namespace Godwit.MySql.Tests;

public sealed class QueryTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Execute_returns_affected_rows_last_insert_id_and_warnings()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE counters (id INT AUTO_INCREMENT PRIMARY KEY, n TINYINT)", None);
        var insert = await connection.ExecuteAsync("INSERT INTO counters (n) VALUES (1), (2), (3)", None);
        Assert.Equal(3, insert.AffectedRows);
        Assert.Equal(1UL, insert.LastInsertId);
        var second = await connection.ExecuteAsync("INSERT INTO counters (n) VALUES (4)", None);
        Assert.Equal(4UL, second.LastInsertId);

        var update = await connection.ExecuteAsync("UPDATE counters SET n = n + 10 WHERE n >= 2", None);
        Assert.Equal(3, update.AffectedRows);
        Assert.Equal(0, update.WarningCount);

        await connection.ExecuteAsync("SET SESSION sql_mode = ''", None);
        var truncating = await connection.ExecuteAsync("INSERT INTO counters (n) VALUES (1000)", None);
        Assert.Equal(1, truncating.WarningCount);
    }

    [Fact]
    public async Task Reads_multiple_result_sets_in_order()
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.QueryAsync(
            "SELECT 1 AS a UNION ALL SELECT 2; DO 0; SELECT 'x' AS b, 'y' AS c; SELECT 42", None);
        Assert.Equal("a", Assert.Single(reader.Columns).Name);
        Assert.True(await reader.ReadAsync(None));
        Assert.Equal(1, reader.GetInt32(0));
        Assert.True(await reader.ReadAsync(None));
        Assert.Equal(2, reader.GetInt32(0));
        Assert.False(await reader.ReadAsync(None));

        Assert.True(await reader.NextResultAsync(None));
        Assert.Empty(reader.Columns);
        Assert.False(await reader.ReadAsync(None));

        Assert.True(await reader.NextResultAsync(None));
        Assert.Equal(["b", "c"], reader.Columns.Select(c => c.Name));
        Assert.True(await reader.ReadAsync(None));
        Assert.Equal("x", reader.GetString(0));
        Assert.Equal("y", reader.GetString(1));

        // The unread rest of this result is skipped.
        Assert.True(await reader.NextResultAsync(None));
        Assert.True(await reader.ReadAsync(None));
        Assert.Equal(42, reader.GetInt32(0));
        Assert.False(await reader.NextResultAsync(None));
    }

    [Fact]
    public async Task Execute_of_several_statements_returns_the_last_result()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE multi (id INT AUTO_INCREMENT PRIMARY KEY, v INT)", None);
        var result = await connection.ExecuteAsync("INSERT INTO multi (v) VALUES (1); SELECT * FROM multi; INSERT INTO multi (v) VALUES (2), (3)", None);
        Assert.Equal(2, result.AffectedRows);
        Assert.Equal(2UL, result.LastInsertId);
        Assert.Equal(3L, await connection.ScalarAsync<long>("SELECT COUNT(*) FROM multi", None));
    }

    [Fact]
    public async Task Server_error_carries_number_and_sqlstate_and_leaves_the_connection_usable()
    {
        await using var connection = await database.OpenAsync();
        var ex = await Assert.ThrowsAsync<MySqlException>(() => connection.ExecuteAsync("SELECT * FROM no_such_table", None));
        Assert.Equal(1146, ex.ErrorCode);
        Assert.Equal("42S02", ex.SqlState);
        Assert.False(ex.IsClientError);
        Assert.Contains("no_such_table", ex.Message, StringComparison.Ordinal);

        var syntax = await Assert.ThrowsAsync<MySqlException>(() => connection.QueryAsync("SELEC 1", None));
        Assert.Equal(1064, syntax.ErrorCode);

        Assert.Equal(7, await connection.ScalarAsync<int>("SELECT 7", None));
    }

    [Fact]
    public async Task Error_in_a_later_statement_surfaces_when_reaching_it()
    {
        await using var connection = await database.OpenAsync();
        await using (var reader = await connection.QueryAsync("SELECT 1; SELECT * FROM missing_table_x", None))
        {
            Assert.True(await reader.ReadAsync(None));
            var ex = await Assert.ThrowsAsync<MySqlException>(async () => await reader.NextResultAsync(None));
            Assert.Equal(1146, ex.ErrorCode);
        }

        Assert.Equal(5, await connection.ScalarAsync<int>("SELECT 5", None));
    }

    [Fact]
    public async Task A_second_command_while_a_reader_is_open_is_refused_clearly()
    {
        await using var connection = await database.OpenAsync();
        await using (var reader = await connection.QueryAsync("SELECT 1 UNION ALL SELECT 2", None))
        {
            var ex = await Assert.ThrowsAsync<MySqlException>(() => connection.ExecuteAsync("DO 1", None));
            Assert.Equal((int)MySqlClientError.CommandsOutOfSync, ex.ErrorCode);
        }

        Assert.Equal(3, await connection.ScalarAsync<int>("SELECT 3", None));
    }

    [Fact]
    public async Task Streams_many_rows_with_correct_values()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("SET SESSION max_recursive_iterations = 1000000", None);
        await using var reader = await connection.QueryAsync(
            "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 200000) SELECT n, CONCAT('row-', n) FROM seq", None);
        long count = 0, sum = 0;
        while (await reader.ReadAsync(None))
        {
            count++;
            sum += reader.GetInt64(0);
            if (count == 123456)
            {
                Assert.Equal("row-123456", reader.GetString(1));
                Assert.Equal("row-123456"u8.ToArray(), reader.GetRawBytes(1).ToArray());
            }
        }

        Assert.Equal(200000, count);
        Assert.Equal(200000L * 200001 / 2, sum);
    }

    [Fact]
    public async Task Rows_over_16_MiB_are_reassembled()
    {
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.QueryAsync("SELECT REPEAT('ab', 9 * 1024 * 1024), 'tail'", None);
        Assert.True(await reader.ReadAsync(None));
        var value = reader.GetRawBytes(0);
        Assert.Equal(18 * 1024 * 1024, value.Length);
        Assert.True(value.StartsWith("abab"u8));
        Assert.True(value.EndsWith("abab"u8));
        Assert.Equal("tail", reader.GetString(1));
        Assert.False(await reader.ReadAsync(None));
    }

    [Fact]
    public async Task Ping_and_reset_work_and_reset_clears_session_variables()
    {
        await using var connection = await database.OpenAsync();
        await connection.PingAsync(None);
        await connection.ExecuteAsync("SET @marker = 17", None);
        Assert.Equal(17, await connection.ScalarAsync<int>("SELECT @marker", None));
        await connection.ResetAsync(None);
        Assert.Null(await connection.ScalarAsync<string>("SELECT @marker", None));
    }
}
