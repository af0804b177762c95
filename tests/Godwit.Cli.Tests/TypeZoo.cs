using System.Globalization;

namespace Godwit.Cli.Tests;

/// <summary>
/// The schema issue's type zoo: every MariaDB type with its edge values, one row at the maxima, one at the minima
/// (zero date, empty strings, negative TIME…) and one all NULL. The copy and the change stream must both land it
/// exactly as <see cref="AssertLanded"/> says, so the two paths are held to one expectation.
/// </summary>
internal static class TypeZoo
{
    public const string Table = """
        SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION', time_zone = '+00:00';
        CREATE TABLE zoo (
          id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
          ti TINYINT, tiu TINYINT UNSIGNED, flag TINYINT(1), si SMALLINT, siu SMALLINT UNSIGNED,
          mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
          dec1 DECIMAL(10,2), dec2 DECIMAL(38,10), f FLOAT, d DOUBLE, b1 BIT(1), b10 BIT(10),
          dt DATE, dtm DATETIME(6), ts TIMESTAMP(3) NULL DEFAULT NULL, tm TIME(1), yr YEAR,
          c CHAR(3), vc VARCHAR(255), tt TINYTEXT, lt LONGTEXT, bn BINARY(16), vb VARBINARY(20), bl BLOB,
          e ENUM('small','medium','large'), st SET('a','b','c'), j JSON, u UUID, ip4 INET4, ip6 INET6, p POINT,
          gen INT AS (ti * 2) STORED);
        """;

    public const string Rows = """
        SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION', time_zone = '+00:00';
        INSERT INTO zoo (ti, tiu, flag, si, siu, mi, miu, i, iu, bi, biu, dec1, dec2, f, d, b1, b10, dt, dtm, ts, tm, yr,
                         c, vc, tt, lt, bn, vb, bl, e, st, j, u, ip4, ip6, p) VALUES
          (127, 255, 1, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
           99999999.99, 123456789012345678.0123456789, 3.14, -1.7976931348623157e308, b'1', b'1000000101',
           '2024-02-29', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999', '838:59:59.9', 2155,
           'ab', 'it''s ☃ 😀 \\ "q"', 'tiny', REPEAT('x', 100000), UNHEX('00112233445566778899AABBCCDDEEFF'), UNHEX('00FF'), UNHEX('DEADBEEF00'),
           'large', 'a,c', '{"a": [1, 2], "b": "ü"}', '123e4567-e89b-12d3-a456-426614174000', '10.0.0.1', '2001:db8::1', POINT(1, 2)),
          (-128, 0, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
           -99999999.99, -0.0000000001, -0.5, 2.2250738585072014e-308, b'0', b'0',
           '0000-00-00', '1000-01-01 00:00:00', '1970-01-01 00:00:01', '-838:59:59', 1901,
           '', '', '', '', UNHEX('00000000000000000000000000000000'), '', '',
           'small', '', 'null', '00000000-0000-0000-0000-000000000000', '0.0.0.0', '::', POINT(-1.5, 0)),
          (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        """;

    private const string SelectFormat = """
        SELECT id::text, ti::text, tiu::text, flag::text, si::text, siu::text, mi::text, miu::text, i::text, iu::text, bi::text, biu::text,
               dec1::text, dec2::text, f::text, d::text, b1::text, b10::text, dt::text, dtm::text, (ts AT TIME ZONE 'UTC')::text, tm::text, yr::text,
               c, vc, tt, md5(lt) || ':' || length(lt), encode(bn, 'hex'), encode(vb, 'hex'), encode(bl, 'hex'),
               e::text, st::text, j::text, u::text, host(ip4), host(ip6), encode(p, 'hex'), gen::text
          FROM "{0}".zoo ORDER BY id
        """;

    /// <summary>The zoo read back from PostgreSQL, every value as text, in <paramref name="schema"/>.</summary>
    public static string Select(string schema) => string.Format(CultureInfo.InvariantCulture, SelectFormat, schema);

    public static void AssertLanded(List<string?[]> rows)
    {
        Assert.Equal(3, rows.Count);
        string?[] max =
        [
            "1", "127", "255", "true", "32767", "65535", "8388607", "16777215", "2147483647", "4294967295", "9223372036854775807", "18446744073709551615",
            "99999999.99", "123456789012345678.0123456789", "3.14", "-1.7976931348623157e+308", "1", "1000000101",
            "2024-02-29", "9999-12-31 23:59:59.999999", "2038-01-19 03:14:07.999", "838:59:59.9", "2155",
            "ab", "it's ☃ 😀 \\ \"q\"", "tiny", "d5816f35916d1d9482fb0f1ec201101d:100000", "00112233445566778899aabbccddeeff", "00ff", "deadbeef00",
            "large", "{a,c}", "{\"a\": [1, 2], \"b\": \"ü\"}", "123e4567-e89b-12d3-a456-426614174000", "10.0.0.1", "2001:db8::1",
            "0101000000000000000000f03f0000000000000040", "254",
        ];
        string?[] min =
        [
            "2", "-128", "0", "false", "-32768", "0", "-8388608", "0", "-2147483648", "0", "-9223372036854775808", "0",
            "-99999999.99", "-0.0000000001", "-0.5", "2.2250738585072014e-308", "0", "0000000000",
            null, "1000-01-01 00:00:00", "1970-01-01 00:00:01", "-838:59:59", "1901",
            string.Empty, string.Empty, string.Empty, "d41d8cd98f00b204e9800998ecf8427e:0", "00000000000000000000000000000000", string.Empty, string.Empty,
            "small", "{}", "null", "00000000-0000-0000-0000-000000000000", "0.0.0.0", "::",
            "0101000000000000000000f8bf0000000000000000", "-256",
        ];
        Assert.Equal(max, rows[0]);
        Assert.Equal(min, rows[1]);
        Assert.Equal("3", rows[2][0]);
        Assert.All(rows[2].Skip(1), Assert.Null);
    }
}
