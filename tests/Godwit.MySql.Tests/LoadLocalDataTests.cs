using System.Text;

namespace Godwit.MySql.Tests;

public sealed class LoadLocalDataTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Rows_with_tabs_newlines_backslashes_nuls_and_nulls_arrive_byte_for_byte()
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE load_exact (id INT PRIMARY KEY, t VARCHAR(100) CHARACTER SET utf8mb4 NULL, b VARBINARY(100) NULL)", None);
        var values = new (string? Text, byte[]? Bytes)[]
        {
            ("plain", [1, 2, 3]),
            ("tab\there", [9, 10, 13]),
            ("line\nbreak\r\n", [0, 0, 92]),
            ("back\\slash \\N \\t", [92, 78]),
            ("nul\0inside", []),
            ("", null),
            (null, [255, 254]),
            ("ünïcödé 🐦", Encoding.UTF8.GetBytes("\\N")),
        };

        var result = await connection.LoadLocalDataAsync(
            "LOAD DATA LOCAL INFILE 'rows' INTO TABLE load_exact CHARACTER SET binary (id, t, b)",
            "rows",
            async (writer, token) =>
            {
                for (var i = 0; i < values.Length; i++)
                {
                    writer.WriteValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    WriteOrNull(writer, values[i].Text is { } t ? Encoding.UTF8.GetBytes(t) : null);
                    WriteOrNull(writer, values[i].Bytes);
                    await writer.EndRowAsync(token);
                }
            },
            None);

        Assert.Equal(values.Length, result.AffectedRows);
        Assert.Equal(0, result.WarningCount);
        await using var reader = await connection.QueryAsync("SELECT id, t, b FROM load_exact ORDER BY id", None);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(await reader.ReadAsync(None));
            Assert.Equal(values[i].Text, reader.IsDBNull(1) ? null : reader.GetString(1));
            Assert.Equal(values[i].Bytes, reader.IsDBNull(2) ? null : reader.GetRawBytes(2).ToArray());
        }

        Assert.False(await reader.ReadAsync(None));
    }

    [Fact]
    public async Task Many_rows_stream_through_many_packets_including_a_value_larger_than_one_protocol_packet()
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE load_many (id INT PRIMARY KEY, v LONGBLOB)", None);
        var big = new byte[17 * 1024 * 1024];
        new Random(7).NextBytes(big);
        const int rows = 50_000;

        var result = await connection.LoadLocalDataAsync(
            "LOAD DATA LOCAL INFILE 'many' INTO TABLE load_many CHARACTER SET binary (id, v)",
            "many",
            async (writer, token) =>
            {
                for (var i = 0; i < rows; i++)
                {
                    writer.WriteValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteValue(i == 1234 ? big : Encoding.ASCII.GetBytes($"row {i}"));
                    await writer.EndRowAsync(token);
                }
            },
            None);

        Assert.Equal(rows, result.AffectedRows);
        Assert.Equal(rows, await connection.ScalarAsync<long>("SELECT COUNT(*) FROM load_many", None));
        Assert.Equal(
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(big)),
            await connection.ScalarAsync<string>("SELECT UPPER(SHA2(v, 256)) FROM load_many WHERE id = 1234", None));
        Assert.Equal("row 49999", await connection.ScalarAsync<string>("SELECT CAST(v AS CHAR) FROM load_many WHERE id = 49999", None));
    }

    [Fact]
    public async Task A_failing_data_source_closes_the_connection_and_the_server_loads_nothing()
    {
        await using (var setup = await OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE load_fail (id INT PRIMARY KEY) ENGINE=InnoDB", None);
        }

        await using var connection = await OpenAsync();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => connection.LoadLocalDataAsync(
            "LOAD DATA LOCAL INFILE 'fail' INTO TABLE load_fail (id)",
            "fail",
            async (writer, token) =>
            {
                for (var i = 0; i < 100_000; i++)
                {
                    writer.WriteValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    await writer.EndRowAsync(token);
                }

                throw new InvalidDataException("source row 100001 is bad");
            },
            None));

        Assert.Equal("source row 100001 is bad", error.Message);
        Assert.False(connection.IsUsable);
        await using var check = await OpenAsync();
        await WaitUntilGoneAsync(check, connection.ConnectionId);
        Assert.Equal(0, await check.ScalarAsync<long>("SELECT COUNT(*) FROM load_fail", None));
    }

    [Fact]
    public async Task A_request_for_a_file_the_statement_did_not_offer_is_refused_and_the_connection_stays_usable()
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE load_other (line TEXT)", None);

        var error = await Assert.ThrowsAsync<MySqlException>(() => connection.LoadLocalDataAsync(
            "LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE load_other",
            "offered",
            (writer, _) =>
            {
                writer.WriteValue("must not be sent");
                return writer.EndRowAsync(None);
            },
            None));

        Assert.Contains("'/etc/passwd'", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsUsable);
        Assert.Equal(0, await connection.ScalarAsync<long>("SELECT COUNT(*) FROM load_other", None));
    }

    [Fact]
    public async Task Without_allow_local_infile_in_the_settings_the_statement_is_not_sent()
    {
        await using var connection = await TestDatabase.OpenAsync(database.Settings);

        var error = await Assert.ThrowsAsync<MySqlException>(() => connection.LoadLocalDataAsync(
            "LOAD DATA LOCAL INFILE 'x' INTO TABLE nowhere", "x", (_, _) => ValueTask.CompletedTask, None));

        Assert.Contains("AllowLocalInfile", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsUsable);
    }

    private static void WriteOrNull(MySqlLoadDataWriter writer, byte[]? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteValue(value);
        }
    }

    /// <summary>The server rolls the aborted statement back when it notices the closed socket.</summary>
    private static async Task WaitUntilGoneAsync(MySqlConnection check, long connectionId)
    {
        var guard = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await check.ScalarAsync<long>($"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {connectionId}", None) > 0)
        {
            Assert.True(DateTime.UtcNow < guard, "the aborted LOAD DATA session is still on the server");
            await Task.Delay(50);
        }
    }

    private Task<MySqlConnection> OpenAsync() => TestDatabase.OpenAsync(database.Settings with { AllowLocalInfile = true });
}
