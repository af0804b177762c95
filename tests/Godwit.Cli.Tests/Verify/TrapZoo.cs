namespace Godwit.Cli.Tests.Verify;

/// <summary>
/// Tables full of the values that make cross-engine comparisons raise false alarms: NULL vs '' vs 'NULL',
/// CHAR padding, decimals, floats the server prints with 6 digits, microsecond timestamps, tinyint(1) values
/// other than 0/1, bytes, JSON with other key order / whitespace / escapes / number spellings, ENUM/SET, unsigned
/// maxima, zero dates, negative TIME, UUID/INET, BIT, YEAR, text with separators, a keyless table with equal
/// duplicates, string and composite keys.
/// </summary>
internal static class TrapZoo
{
    public const string Schema = """
        SET SESSION sql_mode = '';
        CREATE TABLE zoo (
          id int NOT NULL PRIMARY KEY,
          s varchar(20) NULL,
          c char(10) NULL,
          d decimal(10,3) NULL,
          f float NULL,
          g double NULL,
          dt datetime(6) NULL,
          ts timestamp(6) NULL DEFAULT NULL,
          b tinyint(1) NULL,
          bytes varbinary(10) NULL,
          bin binary(4) NULL,
          j json NULL,
          e enum('a','b','it''s') NULL,
          st set('x','y','z') NULL,
          u bigint unsigned NULL,
          zd date NULL,
          zdt datetime NULL,
          t time(6) NULL,
          uu uuid NULL,
          i4 inet4 NULL,
          i6 inet6 NULL,
          bt bit(5) NULL,
          y year NULL,
          txt text NULL,
          ts0 timestamp NULL DEFAULT NULL
        );
        INSERT INTO zoo VALUES
        (1, NULL, 'ab', 1.5, 1.2345678, 0.1, '2024-02-29 23:59:59.123456', '2024-01-01 00:00:00.5', 1, 0x00ff, 'ab', '{"b": 1, "a": [1, 2.50, {"y": null, "x": "\\u00e9"}]}',
           'it''s', 'x,z', 18446744073709551615, '0000-00-00', '0000-00-00 00:00:00', '-838:59:59', '123e4567-e89b-12d3-a456-426614174000', '1.2.3.4', '2001:db8::1', b'10101', 2024, 'naïve 😀', '2024-06-01 12:00:00'),
        (2, '', 'x  ', -0.001, 1234565, -1e300, '1000-01-01 00:00:00', NULL, 0, '', 0x00000000, '[]',
           'a', '', 0, '2024-00-10', '1999-12-31 23:59:59', '-00:00:01.5', NULL, '0.0.0.0', '::ffff:1.2.3.4', b'0', 0, 'a,b~c:1', '0000-00-00 00:00:00'),
        (3, 'NULL', '', 0, -3.4e38, 2.5e-300, '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', 5, 'NULL', NULL, '{"a":1.0,"b":1e2, "c" : "x"}',
           'b', 'x,y,z', 9223372036854775808, NULL, NULL, '838:59:59.999999', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '255.255.255.255', '::', b'11111', 1901, NULL, NULL),
        (4, 'a''b\\c', ' lead', 99999.999, 0.0001234567, 123456789012345678, '2000-01-01 12:00:00.000001', '1970-01-01 00:00:01', -1, 0xDEADBEEF, 0xFFFFFFFF, '{"k": "v", "k2": [true, false, null]}',
           NULL, NULL, 1, '2024-01-01', '2024-01-01 00:00:00', '00:00:00', '00000000-0000-0000-0000-000000000000', NULL, 'fe80::1', NULL, 2155, '', '2038-01-19 03:14:07'),
        (5, 'x', NULL, NULL, 1e-7, -0.0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'y', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'tab	newline
        end', '1970-01-01 00:00:01');
        CREATE TABLE bag (a int NULL, b varchar(5) NULL);
        INSERT INTO bag VALUES (1, 'x'), (1, 'x'), (2, NULL), (NULL, ''), (3, 'NULL');
        CREATE TABLE names (code varchar(10) NOT NULL PRIMARY KEY, v int NULL) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci;
        INSERT INTO names VALUES ('a', 1), ('B', 2), ('é', 3), ('Z', 4), ('ß', 5), ('😀', 6), ('', 7), ('a b', 8);
        CREATE TABLE pairs (a int NOT NULL, b varchar(5) NOT NULL, v int NULL, PRIMARY KEY (a, b));
        INSERT INTO pairs VALUES (1, 'x', 1), (1, 'y', 2), (10, 'a', 3), (2, 'b', 4), (-1, 'Q', 5);
        """;
}
