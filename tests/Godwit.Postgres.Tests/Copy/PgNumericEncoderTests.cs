using System.Text;
using Godwit.Postgres.Copy.Binary;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Postgres.Tests.Copy;

/// <summary>The numeric encoder against PostgreSQL's own numeric_send, value by value (the server is the oracle).</summary>
public sealed class PgNumericEncoderTests
{
    public static TheoryData<string> Values =>
    [
        "0", "-0.00", "1", "-1", "12.50", "0.5", "-0.000000000000000000000000000001", "0.000000000000000000000000000049",
        "10000", "9999", "100000000", "123456789.000100020003", "0.0001", "0.00001", "1000.0001",
        "99999999999999999999999999999999999.999999999999999999999999999999",
        "-99999999999999999999999999999999999.999999999999999999999999999999",
        "12345678901234567890123456789012345.123456789012345678901234567890",
        "18446744073709551615", "-9223372036854775808", "+7.25", "000123.4500", "1.000000000000000000000000000000",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_decimal_text_encodes_to_the_bytes_numeric_send_returns(string text)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(TestServers.Postgres, CancellationToken.None);
        await using var command = new NpgsqlCommand("SELECT numeric_send($1::text::numeric)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = text });
        var expected = (byte[])(await command.ExecuteScalarAsync())!;

        var writer = new PgBinaryWriter();
        PgNumericEncoder.Write(Encoding.ASCII.GetBytes(text), writer);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(writer.Written));
    }
}
