using System.Net;
using System.Security.Cryptography;

namespace Godwit.MySql.Tests;

public sealed class PreparedStatementTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Inserts_every_parameter_type_and_reads_it_back()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "CREATE TABLE params (id INT PRIMARY KEY, ti TINYINT, ub BIGINT UNSIGNED, sb BIGINT, f FLOAT, d DOUBLE, m DECIMAL(30,10), "
            + "s VARCHAR(50), bl BLOB, dt DATETIME(6), da DATE, t TIME(6), u UUID, ip INET6, n INT, flag BOOLEAN)", None);
        await using var insert = await connection.PrepareAsync(
            "INSERT INTO params VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", None);
        Assert.Equal(16, insert.ParameterCount);
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var result = await insert.ExecuteAsync(
            [1, (sbyte)-128, ulong.MaxValue, long.MinValue, 1.5f, Math.PI, 12345678901234567890.0123456789m,
             "héllo 😀 'quoted' \\", new byte[] { 0, 1, 255 }, new DateTime(2024, 2, 29, 23, 59, 58).AddTicks(1234560),
             new DateOnly(1000, 1, 1), TimeSpan.FromHours(-100.5), guid, IPAddress.Parse("2001:db8::1"), null, true], None);
        Assert.Equal(1, result.AffectedRows);

        await using var reader = await connection.QueryAsync("SELECT * FROM params", None);
        Assert.True(await reader.ReadAsync(None));
        Assert.Equal(1, reader.GetInt32(0));
        Assert.Equal((sbyte)-128, reader.GetSByte(1));
        Assert.Equal(ulong.MaxValue, reader.GetUInt64(2));
        Assert.Equal(long.MinValue, reader.GetInt64(3));
        Assert.Equal(1.5f, reader.GetFloat(4));
        Assert.Equal(Math.PI, reader.GetDouble(5));
        Assert.Equal(12345678901234567890.0123456789m, reader.GetDecimal(6));
        Assert.Equal("héllo 😀 'quoted' \\", reader.GetString(7));
        Assert.Equal(new byte[] { 0, 1, 255 }, reader.GetBytes(8));
        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 58).AddTicks(1234560), reader.GetDateTime(9));
        Assert.Equal(new DateTime(1000, 1, 1), reader.GetDateTime(10));
        Assert.Equal(TimeSpan.FromHours(-100.5), reader.GetTimeSpan(11));
        Assert.Equal(guid, reader.GetGuid(12));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), reader.GetIPAddress(13));
        Assert.True(reader.IsDBNull(14));
        Assert.True(reader.GetBoolean(15));
    }

    [Fact]
    public async Task Reuses_a_statement_and_reports_affected_rows_and_insert_ids()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE reuse (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))", None);
        await using var insert = await connection.PrepareAsync("INSERT INTO reuse (v) VALUES (?)", None);
        for (var i = 1; i <= 5; i++)
        {
            var result = await insert.ExecuteAsync([$"v{i}"], None);
            Assert.Equal(1, result.AffectedRows);
            Assert.Equal((ulong)i, result.LastInsertId);
        }

        await using var update = await connection.PrepareAsync("UPDATE reuse SET v = ? WHERE id > ?", None);
        Assert.Equal(3, (await update.ExecuteAsync(["x", 2], None)).AffectedRows);
        Assert.Equal(3L, await connection.ScalarAsync<long>("SELECT COUNT(*) FROM reuse WHERE v = 'x'", None));
    }

    [Fact]
    public async Task Reads_binary_protocol_rows_from_a_prepared_query()
    {
        await using var connection = await database.OpenAsync();
        await using var select = await connection.PrepareAsync(
            "SELECT ? AS i, CAST(18446744073709551615 AS UNSIGNED) AS u, CAST(-2.5 AS DOUBLE) AS d, CAST('2020-01-02 03:04:05.5' AS DATETIME(1)) AS dt, "
            + "CAST('-838:59:59' AS TIME) AS t, 'text' AS s, NULL AS n, CAST(1.25 AS DECIMAL(5,2)) AS m, CAST(-7 AS SIGNED) AS neg, DATE('2021-03-04') AS da", None);
        Assert.Equal(10, select.Columns.Count);
        await using var reader = await select.QueryAsync([123456], None);
        Assert.True(await reader.ReadAsync(None));
        Assert.Equal(123456, reader.GetInt32(0));
        Assert.Equal(ulong.MaxValue, reader.GetUInt64(1));
        Assert.Equal(-2.5, reader.GetDouble(2));
        Assert.Equal(new MySqlDateTime(2020, 1, 2, 3, 4, 5, 500000), reader.GetMySqlDateTime(3));
        Assert.Equal("2020-01-02 03:04:05.5", reader.GetString(3));
        Assert.Equal("-838:59:59", reader.GetString(4));
        Assert.Equal(-(TimeSpan.FromHours(838) + TimeSpan.FromSeconds(3599)), reader.GetTimeSpan(4));
        Assert.Equal("text", reader.GetString(5));
        Assert.True(reader.IsDBNull(6));
        Assert.Equal(1.25m, reader.GetDecimal(7));
        Assert.Equal(-7L, Convert.ToInt64(reader.GetValue(8), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("-7", reader.GetString(8));
        Assert.Equal("2021-03-04", reader.GetString(9));
        Assert.False(await reader.ReadAsync(None));
    }

    [Fact]
    public async Task Parameterized_execute_keeps_hostile_strings_as_data()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE hostile (s VARCHAR(100))", None);
        const string value = "x'); DROP TABLE hostile; -- \\ \0 😀";
        Assert.Equal(1, (await connection.ExecuteAsync("INSERT INTO hostile VALUES (?)", [value], None)).AffectedRows);
        Assert.Equal(value, await connection.ScalarAsync<string>("SELECT s FROM hostile", None));
    }

    [Fact]
    public async Task Prepare_error_is_a_server_exception_and_the_connection_stays_usable()
    {
        await using var connection = await database.OpenAsync();
        var ex = await Assert.ThrowsAsync<MySqlException>(() => connection.PrepareAsync("SELECT * FROM nope_table WHERE a = ?", None));
        Assert.Equal(1146, ex.ErrorCode);
        Assert.Equal(1, await connection.ScalarAsync<int>("SELECT 1", None));
    }

    [Fact]
    public async Task Blob_over_16_MiB_round_trips_through_a_parameter()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE big (id INT PRIMARY KEY, b LONGBLOB)", None);
        var payload = new byte[(17 * 1024 * 1024) + 123];
        new Random(42).NextBytes(payload);
        // 24 bytes of command header, id, flags, iteration count, NULL bitmap, types, the INT and the
        // blob's 4-byte length prefix make the COM_STMT_EXECUTE payload exactly 0xFFFFFF bytes,
        // which must be followed by an empty packet.
        var exact = new byte[0xFFFFFF - 24];
        new Random(7).NextBytes(exact);
        await using (var insert = await connection.PrepareAsync("INSERT INTO big VALUES (?, ?)", None))
        {
            Assert.Equal(1, (await insert.ExecuteAsync([1, payload], None)).AffectedRows);
            Assert.Equal(1, (await insert.ExecuteAsync([2, exact], None)).AffectedRows);
        }

        Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)), await connection.ScalarAsync<string>("SELECT UPPER(SHA2(b, 256)) FROM big WHERE id = 1", None));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(exact)), await connection.ScalarAsync<string>("SELECT UPPER(SHA2(b, 256)) FROM big WHERE id = 2", None));
        await using var reader = await connection.QueryAsync("SELECT id, b FROM big ORDER BY id", None);
        Assert.True(await reader.ReadAsync(None));
        Assert.True(reader.GetRawBytes(1).SequenceEqual(payload));
        Assert.True(await reader.ReadAsync(None));
        Assert.True(reader.GetRawBytes(1).SequenceEqual(exact));
    }
}
