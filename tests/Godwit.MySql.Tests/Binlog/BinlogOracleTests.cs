using System.Text;
using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>
/// The binlog decoder's text bytes must equal, column by column, what the bulk copy's SELECT returns through
/// the text protocol (utf8mb4, time_zone '+00:00') for the same rows: that is what lets CDC reuse the
/// bulk copy's value conversion. The copy reads a FLOAT as <c>CAST(f AS DOUBLE)</c>, since the text protocol
/// prints a FLOAT with 6 significant digits (16777215 as 16777200); the decoder renders the 4 bytes the same way.
/// </summary>
public sealed class BinlogOracleTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Columns =
        "ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, su SMALLINT UNSIGNED, mi MEDIUMINT, mu MEDIUMINT UNSIGNED, "
        + "i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, "
        + "de DECIMAL(65,30), d2 DECIMAL(10,2), d0 DECIMAL(18,0), d9 DECIMAL(20,9), f FLOAT, d DOUBLE, "
        + "da DATE, dt0 DATETIME, dt3 DATETIME(3), dt DATETIME(6), ts0 TIMESTAMP NULL DEFAULT NULL, ts TIMESTAMP(6) NULL DEFAULT NULL, "
        + "tm0 TIME, tm2 TIME(2), tm4 TIME(4), tm TIME(6), y YEAR, "
        + "c CHAR(5), vc VARCHAR(40), l1 VARCHAR(20) CHARACTER SET latin1, lc CHAR(10) CHARACTER SET latin1, tx TEXT, "
        + "wide_vc VARCHAR(300), wide_c CHAR(100), "
        + "bn BINARY(3), vb VARBINARY(8), bl BLOB, tb TINYBLOB, mb MEDIUMBLOB, lb LONGBLOB, "
        + "js JSON, en ENUM('a','b c','ü'), st SET('x','y','z'), b1 BIT(1), b10 BIT(10), b64 BIT(64), "
        + "g GEOMETRY, p POINT, u UUID, i4 INET4, i6 INET6";

    private static readonly string[] Rows =
    [
        "(1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615, "
        + "12345678901234567890123456789012345.123456789012345678901234567890, -99999999.99, 123456789012345678, -12345678901.123456789, "
        + "3.40282e38, 1.7976931348623157e308, "
        + "'1000-01-01', '1000-01-01 00:00:00', '2024-01-01 00:00:00.123', '1000-01-01 00:00:00.000001', '1970-01-01 00:00:01', '1970-01-01 00:00:01.000001', "
        + "'-838:59:59', '-01:02:03.45', '-00:00:00.0001', '-838:59:59.000000', 1901, "
        + "'abc', 'héllo 😀', 'é€’Š', 'çà ', 'long text 中文 😀', REPEAT('é', 300), REPEAT('x', 100), "
        + "'ab', 'xyz', 'blob data', x'00ff', REPEAT('m', 70000), x'deadbeef', "
        + "'{\"a\": [1, 2, {\"b\": null}]}', 'b c', 'x,z', b'1', b'1010101010', b'1111111111111111111111111111111111111111111111111111111111111111', "
        + "ST_GeomFromText('LINESTRING(0 0, 1 1, 2 5)'), ST_GeomFromText('POINT(1.5 -2.25)'), "
        + "'123e4567-e89b-12d3-a456-426614174000', '10.0.0.1', '::1')",
        "(2, 127, 0, 32767, 0, 8388607, 0, 2147483647, 0, 9223372036854775807, 0, "
        + "-0.000000000000000000000000000001, 0, 0, 0.000000001, "
        + "-1.5, 2.2250738585072014e-308, "
        + "'9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07', '2038-01-19 03:14:07.999999', "
        + "'838:59:59', '838:59:59.99', '100:00:00.5', '838:59:59.999999', 2155, "
        + "'', '', '', '', '', '', '', "
        + "'', '', '', '', '', '', "
        + "'[]', 'ü', '', b'0', b'0', b'0', "
        + "ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))'), ST_GeomFromText('POINT(0 0)'), "
        + "'00000000-0000-0000-0000-000000000000', '255.255.255.255', 'ffff::1')",
        "(3" + string.Concat(Enumerable.Repeat(", NULL", 51)) + ")",
        "(4, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1.5, 0.01, 1, 1, 0.1, 0.1, "
        + "'0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', "
        + "'00:00:00', '00:00:00', '00:00:00', '00:00:00.000001', 0, "
        + "'a', 'NULL', 'x', 'y', 'tab-free', 'w', 'z', "
        + "'q', 'r', 's', 't', 'u', 'v', "
        + "'\"str\"', 'a', 'x,y,z', b'0', b'1', b'1', "
        + "NULL, NULL, '6ccd780c-baba-1026-9564-5b8c656024db', '0.0.0.0', '::')",
        "(5, -1, 128, -1, 32768, -1, 8388608, -1, 2147483648, -1, 9223372036854775808, "
        + "99.5, 1.10, -999999999999999999, -0.5, "
        + "1e-10, -123.456e100, "
        + "'2024-02-29', '2024-02-29 12:34:56', '2024-02-29 12:34:56.1', '2024-02-29 12:34:56.1', '2024-02-29 12:34:56', '2024-02-29 12:34:56.789', "
        + "'-00:00:01', '-00:00:00.01', '-00:00:00.5', '-00:00:00.000001', 2024, "
        + "'x y', 'tab\\\\slash', 'ÿ', 'µ', 'line\\nbreak', NULL, NULL, "
        + "'m', 'n', 'o', NULL, NULL, NULL, "
        + "'{\"k\": \"v\", \"n\": 1.25}', NULL, 'y', NULL, NULL, NULL, "
        + "NULL, NULL, '00000000-0000-4000-8000-000000000001', NULL, '::ffff:1.2.3.4')",
        "(6, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, 16777216, 1e15, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, UUID(), NULL, '2001:db8::ff00:42:8329')",
        "(7, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, 123456789, 1e16, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '1:0:0:0:0:0:0:8')",
        "(8, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, 0.000123457, 123456789012345678, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '::1.2.3.4')",
        "(9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, -1.17549e-38, 0.0001, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "(10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, 1e20, 1e-15, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "(11, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, 3.14159274, 1e-16, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "(12, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, -0.1, 0.30000000000000004, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
    ];

    [Fact]
    public async Task Every_column_type_decodes_to_the_bytes_the_text_protocol_returns()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("SET SESSION sql_mode = '', time_zone = '+00:00'", None);
        await connection.ExecuteAsync($"CREATE TABLE every_type (id INT PRIMARY KEY, {Columns})", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync($"INSERT INTO every_type VALUES {string.Join(", ", Rows)}", None);
        var expected = await SelectAllAsync(connection, "every_type");
        await connection.ExecuteAsync("UPDATE every_type SET id = id + 100", None);

        var hints = new BinlogColumnHints();
        hints.Set(database.Name, "every_type", "u", BinlogColumnHint.Uuid);
        hints.Set(database.Name, "every_type", "i4", BinlogColumnHint.Inet4);
        hints.Set(database.Name, "every_type", "i6", BinlogColumnHint.Inet6);
        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name, hints);

        var inserted = events.Where(e => e.Event is RowsEvent { Kind: RowsEventKind.Insert }).SelectMany(e => e.Rows).Select(r => r.After!).ToList();
        var updated = events.Where(e => e.Event is RowsEvent { Kind: RowsEventKind.Update }).SelectMany(e => e.Rows).ToList();
        Assert.Equal(Rows.Length, expected.Count);
        Assert.Equal(Rows.Length, inserted.Count);
        Assert.Equal(Rows.Length, updated.Count);
        var mismatches = new List<string>();
        for (var r = 0; r < expected.Count; r++)
        {
            Compare(expected[r].Values, inserted[r], expected[r].Names, $"insert row {r + 1}", mismatches);
            Compare(expected[r].Values, updated[r].Before!, expected[r].Names, $"update before-image row {r + 1}", mismatches);
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));

        // Guard against a vacuous comparison: values the decoder must have produced.
        Assert.Equal("18446744073709551615", Text(inserted[0][10]));
        Assert.Equal("12345678901234567890123456789012345.123456789012345678901234567890", Text(inserted[0][11]));
        Assert.Equal("-838:59:59.000000", Text(inserted[0][26]));
        Assert.Equal("héllo 😀", Text(inserted[0][29]));
        Assert.Equal("123e4567-e89b-12d3-a456-426614174000", Text(inserted[0][49]));
        Assert.Equal("0000-00-00", Text(inserted[3][17]));
        Assert.Equal("101", Text(updated[0].After![0]));
    }

    [Fact]
    public async Task Text_in_every_supported_charset_arrives_as_the_utf8_the_text_protocol_returns()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "CREATE TABLE charsets (id INT PRIMARY KEY, l1 VARCHAR(20) CHARACTER SET latin1, a VARCHAR(20) CHARACTER SET ascii, "
            + "u2 VARCHAR(20) CHARACTER SET ucs2, u16 VARCHAR(20) CHARACTER SET utf16, u16le VARCHAR(20) CHARACTER SET utf16le, "
            + "u32 CHAR(20) CHARACTER SET utf32, m3 VARCHAR(20) CHARACTER SET utf8mb3, t TEXT CHARACTER SET latin1, "
            + "en ENUM('é', '€uro') CHARACTER SET latin1, st SET('ä', 'ö') CHARACTER SET latin1)",
            None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO charsets VALUES (1, 'Grüße €', 'plain', 'ünï', 'ünï 😀', 'ünï 😀', 'ünï 😀', 'ünï', 'çà € ‰', '€uro', 'ä,ö'), "
            + "(2, '', '', '', '', '', '', '', '', 'é', '')",
            None);
        var expected = await SelectAllAsync(connection, "charsets");

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);
        var inserted = events.Where(e => e.Event is RowsEvent).SelectMany(e => e.Rows).Select(r => r.After!).ToList();

        Assert.Equal(expected.Count, inserted.Count);
        var mismatches = new List<string>();
        for (var r = 0; r < expected.Count; r++)
        {
            Compare(expected[r].Values, inserted[r], expected[r].Names, $"row {r + 1}", mismatches);
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.Equal("Grüße €", Text(inserted[0][1]));
        Assert.Equal("ünï 😀", Text(inserted[0][5]));
        Assert.Equal("€uro", Text(inserted[0][9]));
    }

    [Fact]
    public async Task Documented_differences_from_the_text_protocol_are_exactly_these()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE differences (id INT PRIMARY KEY, f FLOAT(7,3), d DOUBLE(10,4), u UUID)", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("INSERT INTO differences VALUES (1, 1.5, -2.25, '123e4567-e89b-12d3-a456-426614174000')", None);
        var expected = (await SelectAllAsync(connection, "differences"))[0].Values;

        // No column hints: the UUID is only a BINARY(16) to the binlog.
        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name);
        var row = events.Single(e => e.Event is RowsEvent).Rows.Single().After!;

        // DOUBLE(M,D): the server pads to D decimals; TABLE_MAP does not carry D, so the binlog text is the plain
        // number. The numeric value is the same. (A FLOAT is read as DOUBLE by the copy, unpadded.)
        Assert.Equal(("1.5", "1.5"), (Text(expected[1]), Text(row[1])));
        Assert.Equal(("-2.2500", "-2.25"), (Text(expected[2]), Text(row[2])));
        Assert.Equal(double.Parse(Text(expected[1])!, System.Globalization.CultureInfo.InvariantCulture), double.Parse(Text(row[1])!, System.Globalization.CultureInfo.InvariantCulture));
        // UUID/INET4/INET6 without a hint: the raw stored bytes instead of the text form.
        Assert.Equal("123e4567-e89b-12d3-a456-426614174000", Text(expected[3]));
        Assert.Equal("123E4567E89B12D3A456426614174000", Convert.ToHexString(row[3]!));
    }

    private static void Compare(byte[]?[] expected, byte[]?[] actual, string[] names, string where, List<string> mismatches)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var c = 0; c < expected.Length; c++)
        {
            if (expected[c] is null != actual[c] is null
                || (expected[c] is { } e && !e.AsSpan().SequenceEqual(actual[c])))
            {
                mismatches.Add($"{where}, column {names[c]}: text protocol {Show(expected[c])}, binlog {Show(actual[c])}");
            }
        }
    }

    private static async Task<List<(string[] Names, byte[]?[] Values)>> SelectAllAsync(MySqlConnection connection, string table)
    {
        var rows = new List<(string[] Names, byte[]?[] Values)>();
        var select = new List<string>();
        await using (var shape = await connection.QueryAsync($"SELECT * FROM {table} LIMIT 0", None))
        {
            select.AddRange(shape.Columns.Select(c => c.Type == MySqlColumnType.Float ? $"CAST(`{c.Name}` AS DOUBLE) AS `{c.Name}`" : $"`{c.Name}`"));
            while (await shape.ReadAsync(None))
            {
            }
        }

        await using var reader = await connection.QueryAsync($"SELECT {string.Join(", ", select)} FROM {table} ORDER BY id", None);
        var names = reader.Columns.Select(c => c.Name).ToArray();
        while (await reader.ReadAsync(None))
        {
            var values = new byte[]?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetRawBytes(i).ToArray();
            }

            rows.Add((names, values));
        }

        return rows;
    }

    private static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);

    private static string Show(byte[]? bytes) =>
        bytes is null ? "NULL"
        : bytes.Length > 60 ? $"{bytes.Length} bytes {Convert.ToHexString(bytes.AsSpan(0, 16))}…"
        : $"'{Encoding.UTF8.GetString(bytes)}' ({Convert.ToHexString(bytes)})";
}
