using System.Net;

namespace Godwit.MySql.Tests;

public sealed class TypeTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(MySqlConnection Connection, MySqlDataReader Reader)> SelectAsync(string columns, string values, string select = "*")
    {
        var connection = await database.OpenAsync();
        var table = "t_" + Guid.NewGuid().ToString("N")[..8];
        await connection.ExecuteAsync("SET SESSION sql_mode = ''", None);
        await connection.ExecuteAsync($"CREATE TABLE {table} (id INT PRIMARY KEY, {columns})", None);
        await connection.ExecuteAsync($"INSERT INTO {table} VALUES {values}", None);
        var reader = await connection.QueryAsync($"SELECT {select} FROM {table} ORDER BY id", None);
        return (connection, reader);
    }

    private static async Task NextAsync(MySqlDataReader reader) => Assert.True(await reader.ReadAsync(None));

    [Fact]
    public async Task Reads_signed_integer_extremes_and_nulls()
    {
        var (connection, reader) = await SelectAsync(
            "t TINYINT, s SMALLINT, m MEDIUMINT, i INT, b BIGINT",
            "(1, -128, -32768, -8388608, -2147483648, -9223372036854775808), (2, 127, 32767, 8388607, 2147483647, 9223372036854775807), (3, NULL, NULL, NULL, NULL, NULL), (4, 0, 0, 0, 0, 0)");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            Assert.Equal((sbyte)-128, reader.GetSByte(1));
            Assert.Equal((short)-32768, reader.GetInt16(2));
            Assert.Equal(-8388608, reader.GetInt32(3));
            Assert.Equal(int.MinValue, reader.GetInt32(4));
            Assert.Equal(long.MinValue, reader.GetInt64(5));
            Assert.Equal((sbyte)-128, reader.GetValue(1));
            Assert.Equal(long.MinValue, reader.GetValue(5));
            await NextAsync(reader);
            Assert.Equal((sbyte)127, reader.GetSByte(1));
            Assert.Equal(short.MaxValue, reader.GetInt16(2));
            Assert.Equal(8388607, reader.GetInt32(3));
            Assert.Equal(int.MaxValue, reader.GetValue(4));
            Assert.Equal(long.MaxValue, reader.GetInt64(5));
            await NextAsync(reader);
            for (var i = 1; i <= 5; i++)
            {
                Assert.True(reader.IsDBNull(i));
                Assert.Null(reader.GetValue(i));
            }

            Assert.Throws<InvalidCastException>(() => reader.GetInt64(1));
            await NextAsync(reader);
            Assert.False(reader.IsDBNull(5));
            Assert.Equal(0L, reader.GetInt64(5));
            Assert.Equal(MySqlColumnKind.BigInt, reader.Columns[5].Kind);
        }
    }

    [Fact]
    public async Task Reads_unsigned_bigint_max_value_exactly()
    {
        var (connection, reader) = await SelectAsync(
            "t TINYINT UNSIGNED, s SMALLINT UNSIGNED, m MEDIUMINT UNSIGNED, i INT UNSIGNED, b BIGINT UNSIGNED",
            "(1, 255, 65535, 16777215, 4294967295, 18446744073709551615), (2, 0, 0, 0, 0, 0)");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            Assert.True(reader.Columns[5].IsUnsigned);
            Assert.Equal((byte)255, reader.GetByte(1));
            Assert.Equal((ushort)65535, reader.GetUInt16(2));
            Assert.Equal(16777215u, reader.GetUInt32(3));
            Assert.Equal(4294967295u, reader.GetUInt32(4));
            Assert.Equal(18446744073709551615UL, reader.GetUInt64(5));
            Assert.Equal(18446744073709551615UL, reader.GetValue(5));
            Assert.Equal(4294967295u, reader.GetValue(4));
            Assert.Throws<FormatException>(() => reader.GetInt64(5));
            Assert.Throws<OverflowException>(() => reader.GetInt32(4));
            await NextAsync(reader);
            Assert.Equal(0UL, reader.GetUInt64(5));
        }
    }

    [Fact]
    public async Task Reads_decimal_65_30_exactly_including_values_beyond_system_decimal()
    {
        const string big = "12345678901234567890123456789012345.123456789012345678901234567890";
        var (connection, reader) = await SelectAsync(
            "d DECIMAL(65,30), m DECIMAL(10,2)",
            $"(1, {big}, -12345678.90), (2, -{big}, 0), (3, 0.000000000000000000000000000001, NULL), (4, 1234567890.5, 99999999.99)");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            Assert.Equal(big, reader.GetDecimalString(1));
            Assert.Equal(big, reader.GetString(1));
            Assert.Throws<OverflowException>(() => reader.GetDecimal(1));
            Assert.Equal(big, reader.GetValue(1));
            Assert.Equal(-12345678.90m, reader.GetDecimal(2));
            Assert.Equal("-12345678.90", reader.GetString(2));
            await NextAsync(reader);
            Assert.Equal("-" + big, reader.GetDecimalString(1));
            Assert.Equal(0m, reader.GetDecimal(2));
            await NextAsync(reader);
            Assert.Equal("0.000000000000000000000000000001", reader.GetString(1));
            Assert.Equal(0.000000000000000000000000000001m, reader.GetDecimal(1));
            Assert.True(reader.IsDBNull(2));
            await NextAsync(reader);
            Assert.Equal(1234567890.5m, reader.GetDecimal(1));
            Assert.Equal("1234567890.500000000000000000000000000000", reader.GetString(1));
            Assert.Equal(99999999.99m, reader.GetValue(2));
        }
    }

    [Fact]
    public async Task Reads_float_and_double_values()
    {
        var (connection, reader) = await SelectAsync(
            "f FLOAT, d DOUBLE",
            "(1, 3.5, 1.7976931348623157e308), (2, -1.25, -2.2250738585072014e-308), (3, NULL, 0), (4, 0.1, 0.1)");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            Assert.Equal(3.5f, reader.GetFloat(1));
            Assert.Equal(double.MaxValue, reader.GetDouble(2));
            await NextAsync(reader);
            Assert.Equal(-1.25f, reader.GetValue(1));
            Assert.Equal(-2.2250738585072014e-308, reader.GetDouble(2));
            await NextAsync(reader);
            Assert.True(reader.IsDBNull(1));
            Assert.Equal(0d, reader.GetValue(2));
            await NextAsync(reader);
            Assert.Equal(0.1f, reader.GetFloat(1));
            Assert.Equal(0.1d, reader.GetDouble(2));
        }
    }

    [Fact]
    public async Task Reads_dates_datetimes_and_timestamps_including_zero_dates_and_fractions()
    {
        var (connection, reader) = await SelectAsync(
            "d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, dt0 DATETIME",
            "(1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'), "
            + "(2, '1000-01-01', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000000', '1000-01-01 00:00:00'), "
            + "(3, '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '9999-12-31 23:59:59'), "
            + "(4, '2024-02-29', '2024-02-29 12:34:56.123400', NULL, '2024-02-29 12:34:56'), "
            + "(5, '2021-00-10', '2021-04-00 01:02:03.5', NULL, NULL)");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            Assert.True(reader.GetMySqlDateTime(1).IsZero);
            Assert.True(reader.GetMySqlDateTime(2).IsZero);
            Assert.True(reader.GetMySqlDateTime(3).IsZero);
            Assert.Equal("0000-00-00", reader.GetString(1));
            Assert.Equal("0000-00-00 00:00:00.000000", reader.GetString(2));
            Assert.Throws<InvalidCastException>(() => reader.GetDateTime(2));
            Assert.Equal(MySqlDateTime.Zero, reader.GetValue(4));

            await NextAsync(reader);
            Assert.Equal(new DateTime(1000, 1, 1), reader.GetDateTime(1));
            Assert.Equal(new DateTime(1000, 1, 1), reader.GetDateTime(2));
            Assert.Equal(MySqlColumnKind.Timestamp, reader.Columns[3].Kind);
            Assert.Equal(MySqlColumnKind.Date, reader.Columns[1].Kind);

            await NextAsync(reader);
            Assert.Equal(new DateTime(9999, 12, 31), reader.GetDateTime(1));
            var max = reader.GetMySqlDateTime(2);
            Assert.Equal(new MySqlDateTime(9999, 12, 31, 23, 59, 59, 999999), max);
            Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9999990), max.ToDateTime());
            Assert.Equal(999999, reader.GetMySqlDateTime(3).Microsecond);
            Assert.Equal("9999-12-31 23:59:59", reader.GetString(4));

            await NextAsync(reader);
            Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56).AddTicks(1234000), reader.GetDateTime(2));
            Assert.Equal("2024-02-29 12:34:56.123400", reader.GetString(2));
            Assert.True(reader.IsDBNull(3));

            await NextAsync(reader);
            var partial = reader.GetMySqlDateTime(1);
            Assert.Equal((2021, 0, 10), (partial.Year, partial.Month, partial.Day));
            Assert.False(partial.IsZero);
            Assert.False(partial.IsValidDateTime);
            Assert.Equal(500000, reader.GetMySqlDateTime(2).Microsecond);
            Assert.Equal(0, reader.GetMySqlDateTime(2).Day);
        }
    }

    [Fact]
    public async Task Reads_negative_and_over_24_hour_times()
    {
        var (connection, reader) = await SelectAsync(
            "t TIME(6), t0 TIME",
            "(1, '-838:59:59.000000', '838:59:59'), (2, '100:00:00.5', '-00:00:01'), (3, '00:00:00', NULL), (4, '-00:00:00.25', '23:59:59')");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            var min = reader.GetTime(1);
            Assert.True(min.IsNegative);
            Assert.Equal(838, min.Hours);
            Assert.Equal(-(TimeSpan.FromHours(838) + TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59)), min.ToTimeSpan());
            Assert.Equal("-838:59:59.000000", reader.GetString(1));
            Assert.Equal(TimeSpan.FromHours(838) + TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(59), reader.GetTimeSpan(2));

            await NextAsync(reader);
            Assert.Equal(TimeSpan.FromHours(100) + TimeSpan.FromMilliseconds(500), reader.GetTimeSpan(1));
            Assert.Equal("100:00:00.500000", reader.GetString(1));
            Assert.Equal(TimeSpan.FromSeconds(-1), reader.GetTimeSpan(2));
            Assert.Equal("-00:00:01", reader.GetTime(2).ToString());

            await NextAsync(reader);
            Assert.Equal(TimeSpan.Zero, reader.GetTimeSpan(1));
            Assert.True(reader.IsDBNull(2));

            await NextAsync(reader);
            Assert.Equal(TimeSpan.FromMilliseconds(-250), reader.GetTimeSpan(1));
            Assert.Equal(new MySqlTime(false, 23, 59, 59, 0), reader.GetValue(2));
        }
    }

    [Fact]
    public async Task Reads_bit_year_enum_set_and_json()
    {
        var (connection, reader) = await SelectAsync(
            "b1 BIT(1), b64 BIT(64), y YEAR, e ENUM('small','large',''), s SET('a','b','c'), j JSON",
            "(1, b'1', b'1111111111111111111111111111111111111111111111111111111111111111', 2155, 'large', 'a,c', '{\"k\": [1, \"é😀\"]}'), "
            + "(2, b'0', b'0', 1901, '', '', '[]'), (3, NULL, b'1000000000000000000000000000000000000000000000000000000000000001', 0, NULL, NULL, NULL)");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            Assert.Equal(1UL, reader.GetBit(1));
            Assert.Equal(ulong.MaxValue, reader.GetBit(2));
            Assert.Equal(ulong.MaxValue, reader.GetValue(2));
            Assert.Equal((short)2155, reader.GetYear(3));
            Assert.Equal("large", reader.GetString(4));
            Assert.Equal(MySqlColumnKind.Enum, reader.Columns[4].Kind);
            Assert.Equal("a,c", reader.GetString(5));
            Assert.Equal(MySqlColumnKind.Set, reader.Columns[5].Kind);
            Assert.Equal("{\"k\": [1, \"é😀\"]}", reader.GetString(6));
            Assert.Equal(MySqlColumnKind.Json, reader.Columns[6].Kind);
            Assert.Equal(MySqlColumnKind.Bit, reader.Columns[1].Kind);
            Assert.Equal(MySqlColumnKind.Year, reader.Columns[3].Kind);

            await NextAsync(reader);
            Assert.Equal(0UL, reader.GetBit(1));
            Assert.Equal((short)1901, reader.GetValue(3));
            Assert.Equal(string.Empty, reader.GetString(4));
            Assert.Equal(string.Empty, reader.GetString(5));
            Assert.False(reader.IsDBNull(5));

            await NextAsync(reader);
            Assert.True(reader.IsDBNull(1));
            Assert.Equal(0x8000000000000001UL, reader.GetBit(2));
            Assert.Equal((short)0, reader.GetYear(3));
            Assert.True(reader.IsDBNull(6));
        }
    }

    [Fact]
    public async Task Reads_binary_varbinary_and_blob_bytes()
    {
        var (connection, reader) = await SelectAsync(
            "b BINARY(4), vb VARBINARY(10), bl BLOB, lb LONGBLOB",
            "(1, 0x00FF0102, X'', 0xDEADBEEF00, NULL), (2, 'ab', 'xyz', '', 0x00)");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            Assert.Equal(new byte[] { 0, 0xFF, 1, 2 }, reader.GetBytes(1));
            Assert.Equal(MySqlColumnKind.Binary, reader.Columns[1].Kind);
            Assert.Empty(reader.GetBytes(2));
            Assert.False(reader.IsDBNull(2));
            Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF, 0 }, reader.GetValue(3));
            Assert.True(reader.IsDBNull(4));

            await NextAsync(reader);
            Assert.Equal("ab\0\0"u8.ToArray(), reader.GetBytes(1));
            Assert.Equal("xyz"u8.ToArray(), reader.GetRawBytes(2).ToArray());
            Assert.Empty(reader.GetBytes(3));
            Assert.Equal(new byte[] { 0 }, reader.GetBytes(4));
        }
    }

    [Fact]
    public async Task Decodes_emoji_and_latin1_columns()
    {
        var (connection, reader) = await SelectAsync(
            "u VARCHAR(20) CHARACTER SET utf8mb4, l VARCHAR(20) CHARACTER SET latin1, c CHAR(3) CHARACTER SET latin1, t TEXT",
            "(1, 'a😀b🦆', 'é€’Š', 'ñ', '中文'), (2, '', '', '', NULL)");
        await using (connection)
        await using (reader)
        {
            await NextAsync(reader);
            Assert.Equal("a😀b🦆", reader.GetString(1));
            Assert.Equal("é€’Š", reader.GetString(2));
            Assert.Equal("ñ", reader.GetString(3));
            Assert.Equal("中文", reader.GetString(4));
            Assert.Equal(MySqlColumnKind.String, reader.Columns[2].Kind);

            await NextAsync(reader);
            Assert.Equal(string.Empty, reader.GetString(1));
            Assert.False(reader.IsDBNull(1));
            Assert.Equal(string.Empty, reader.GetValue(2));
            Assert.True(reader.IsDBNull(4));
        }

        // Stored as cp1252 bytes: '€' is 0x80, '’' is 0x92.
        await using var check = await database.OpenAsync();
        Assert.Equal("E980928A", await check.ScalarAsync<string>("SELECT HEX(CONVERT('é€’Š' USING latin1))", None));
    }

    [Fact]
    public async Task Decodes_latin1_bytes_sent_unconverted_as_cp1252()
    {
        var (connection, reader) = await SelectAsync(
            "l VARCHAR(20) CHARACTER SET latin1", "(1, 'é€’Š…')", "l, HEX(l)");
        await using (connection)
        {
            await reader.DisposeAsync();
            // Without character_set_results the server sends the stored latin1 bytes as they are.
            await connection.ExecuteAsync("SET character_set_results = NULL", None);
            await using var raw = await connection.QueryAsync("SELECT l, HEX(l) FROM " + reader.Columns[0].Table, None);
            Assert.True(await raw.ReadAsync(None));
            Assert.Equal(8, raw.Columns[0].CharacterSet); // latin1_swedish_ci
            Assert.Equal(new byte[] { 0xE9, 0x80, 0x92, 0x8A, 0x85 }, raw.GetBytes(0));
            Assert.Equal("é€’Š…", raw.GetString(0));
        }
    }

    [Fact]
    public async Task Reads_mariadb_uuid_inet4_and_inet6_as_typed_values()
    {
        var (connection, reader) = await SelectAsync(
            "u UUID, i4 INET4, i6 INET6",
            "(1, '123e4567-e89b-12d3-a456-426614174000', '192.168.0.255', '2001:db8::ff00:42:8329'), "
            + "(2, '00000000-0000-0000-0000-000000000000', '0.0.0.0', '::ffff:1.2.3.4'), (3, NULL, NULL, NULL)");
        await using (connection)
        await using (reader)
        {
            Assert.Equal(MySqlColumnKind.Uuid, reader.Columns[1].Kind);
            Assert.Equal(MySqlColumnKind.Inet4, reader.Columns[2].Kind);
            Assert.Equal(MySqlColumnKind.Inet6, reader.Columns[3].Kind);
            await NextAsync(reader);
            Assert.Equal(Guid.Parse("123e4567-e89b-12d3-a456-426614174000"), reader.GetGuid(1));
            Assert.Equal(Guid.Parse("123e4567-e89b-12d3-a456-426614174000"), reader.GetValue(1));
            Assert.Equal(IPAddress.Parse("192.168.0.255"), reader.GetIPAddress(2));
            Assert.Equal(IPAddress.Parse("2001:db8::ff00:42:8329"), reader.GetValue(3));
            Assert.Equal("2001:db8::ff00:42:8329", reader.GetString(3));
            await NextAsync(reader);
            Assert.Equal(Guid.Empty, reader.GetGuid(1));
            Assert.Equal(IPAddress.Any, reader.GetIPAddress(2));
            Assert.Equal(IPAddress.Parse("::ffff:1.2.3.4"), reader.GetIPAddress(3));
            await NextAsync(reader);
            Assert.True(reader.IsDBNull(1));
            Assert.True(reader.IsDBNull(3));
        }
    }

    [Fact]
    public async Task Column_definitions_describe_names_tables_and_flags()
    {
        var (connection, reader) = await SelectAsync(
            "v VARCHAR(7) NOT NULL, n BIGINT UNSIGNED", "(1, 'x', 2)", "id AS ident, v, n");
        await using (connection)
        await using (reader)
        {
            var ident = reader.Columns[0];
            Assert.Equal("ident", ident.Name);
            Assert.Equal("id", ident.OriginalName);
            Assert.Equal(database.Name, ident.Schema);
            Assert.StartsWith("t_", ident.OriginalTable, StringComparison.Ordinal);
            Assert.True((ident.Flags & ColumnFlags.PrimaryKey) != 0);
            Assert.Equal(MySqlColumnType.Long, ident.Type);
            Assert.Equal(MySqlColumnType.VarString, reader.Columns[1].Type);
            Assert.True((reader.Columns[1].Flags & ColumnFlags.NotNull) != 0);
            Assert.Equal(28u, reader.Columns[1].ColumnLength); // 7 characters x 4 bytes (utf8mb4)
            Assert.True(reader.Columns[2].IsUnsigned);
            Assert.Equal(2, reader.GetOrdinal("n"));
            await NextAsync(reader);
        }
    }
}
