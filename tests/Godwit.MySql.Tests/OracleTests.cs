using System.Diagnostics;
using System.Text;
using Godwit.Testing;

namespace Godwit.MySql.Tests;

/// <summary>
/// Compares what this client reads with what the official <c>mariadb</c> command-line client prints
/// for the same query, cell by cell.
/// </summary>
public sealed class OracleTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Columns =
        "ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT UNSIGNED, i INT, bi BIGINT, bu BIGINT UNSIGNED, "
        + "de DECIMAL(65,30), d2 DECIMAL(10,2), f FLOAT, d DOUBLE, da DATE, dt DATETIME(6), ts TIMESTAMP(3) NULL DEFAULT NULL, "
        + "tm TIME(6), y YEAR, c CHAR(5), vc VARCHAR(40), l1 VARCHAR(20) CHARACTER SET latin1, tx TEXT, bn BINARY(3), vb VARBINARY(8), "
        + "bl BLOB, js JSON, en ENUM('a','b c','ü'), st SET('x','y','z'), u UUID, i4 INET4, i6 INET6";

    private static readonly string[] Rows =
    [
        "(1, -128, 255, -32768, 16777215, -2147483648, -9223372036854775808, 18446744073709551615, "
        + "12345678901234567890123456789012345.123456789012345678901234567890, -99999999.99, 3.40282e38, 1.7976931348623157e308, "
        + "'1000-01-01', '1000-01-01 00:00:00', '1970-01-01 00:00:01.000', '-838:59:59', 1901, 'abc', 'héllo 😀', 'é€’Š', '中文 text', "
        + "'ab', 'xyz', 'blob data', '{\"a\": [1, 2, {\"b\": null}]}', 'b c', 'x,z', '123e4567-e89b-12d3-a456-426614174000', '10.0.0.1', '::1')",
        "(2, 127, 0, 32767, 0, 2147483647, 9223372036854775807, 0, "
        + "-0.000000000000000000000000000001, 0, -1.5, 2.2250738585072014e-308, "
        + "'9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999', '838:59:59.999999', 2155, '', '', '', '', "
        + "'', '', '', '[]', 'ü', '', '00000000-0000-0000-0000-000000000000', '255.255.255.255', 'ffff::1')",
        "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "(4, 0, 1, 0, 1, 0, 1, 1, 1.5, 0.01, 0.1, 0.1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '100:00:00.5', 0, "
        + "'a', 'NULL', 'x', 'tab-free', 'z', 'q', 'r', '\"str\"', 'a', 'x,y,z', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0.0.0.0', '::')",
        "(5, -1, 128, -1, 8388608, -1, -1, 9223372036854775808, 99.5, 1.10, 1e-10, -123.456e100, '2024-02-29', '2024-02-29 12:34:56.1', "
        + "'2024-02-29 12:34:56.789', '-00:00:00.000001', 2024, 'x y', 'tab\\\\slash', 'ÿ', 'line', 'm', 'n', 'o', 'null', NULL, 'y', NULL, NULL, NULL)",
    ];

    [Fact]
    public async Task Values_read_as_strings_equal_what_the_mariadb_cli_prints()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("SET SESSION sql_mode = ''", None);
        await connection.ExecuteAsync($"CREATE TABLE every_type (id INT PRIMARY KEY, {Columns})", None);
        await connection.ExecuteAsync($"INSERT INTO every_type VALUES {string.Join(", ", Rows)}", None);
        const string query = "SELECT * FROM every_type ORDER BY id";

        var ours = new List<string[]>();
        await using (var reader = await connection.QueryAsync(query, None))
        {
            while (await reader.ReadAsync(None))
            {
                var row = new string[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? "NULL" : reader.GetString(i);
                }

                ours.Add(row);
            }
        }

        var theirs = await RunCliAsync(query);
        Assert.Equal(Rows.Length, ours.Count);
        Assert.Equal(ours.Count, theirs.Count);
        for (var r = 0; r < ours.Count; r++)
        {
            Assert.Equal(theirs[r].Length, ours[r].Length);
            for (var c = 0; c < ours[r].Length; c++)
            {
                Assert.True(
                    string.Equals(theirs[r][c], ours[r][c], StringComparison.Ordinal),
                    $"row {r + 1}, column {c}: mariadb printed '{theirs[r][c]}', Godwit read '{ours[r][c]}'");
            }
        }

        // Guard against a vacuous comparison: spot-check values the CLI must have printed.
        Assert.Equal("18446744073709551615", ours[0][7]);
        Assert.Equal("é€’Š", ours[0][19]);
        Assert.Equal("héllo 😀", ours[0][18]);
        Assert.Equal("-838:59:59.000000", ours[0][15]);
    }

    private async Task<List<string[]>> RunCliAsync(string query)
    {
        var uri = TestServers.MySql;
        var start = new ProcessStartInfo("mariadb")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[]
                 {
                     "--no-defaults", "--batch", "--raw", "--skip-column-names", "--default-character-set=utf8mb4",
                     "--protocol=TCP", $"--host={uri.Host}", $"--port={uri.Port}", $"--user={uri.User}", $"--database={database.Name}",
                     $"--execute={query}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // The password goes through the environment, not the command line (visible in ps).
        start.Environment["MYSQL_PWD"] = uri.Password ?? string.Empty;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the mariadb client.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"mariadb exited with {process.ExitCode}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToList();
    }
}
