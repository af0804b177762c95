using System.Globalization;

namespace Godwit.Cli.Tests;

/// <summary>
/// DECIMAL(65,30) and DECIMAL(65,0) at their extremes and FLOAT at the edges of its range: the values that went
/// through System.Decimal or FLOAT's 6-digit text before. The copy and the change stream must both land every digit
/// and every bit, as <see cref="AssertLanded"/> says.
/// </summary>
internal static class ExactValues
{
    public const string Table = "CREATE TABLE exact (id INT PRIMARY KEY, d65 DECIMAL(65,30), d0 DECIMAL(65,0), f FLOAT, dd DOUBLE)";

    // id, DECIMAL(65,30), DECIMAL(65,0), FLOAT as written, the float32 it must land as.
    public static readonly (int Id, string D65, string D0, string Float, float Expected)[] Values =
    [
        (1, "99999999999999999999999999999999999.999999999999999999999999999999", "99999999999999999999999999999999999999999999999999999999999999999", "16777217", 16777216f),
        (2, "-99999999999999999999999999999999999.999999999999999999999999999999", "-99999999999999999999999999999999999999999999999999999999999999999", "16777215", 16777215f),
        (3, "0.000000000000000000000000000049", "1", "3.1415927", 3.1415927f),
        (4, "-0.000000000000000000000000000001", "-1", "3.4e38", 3.4e38f),
        (5, "12345678901234567890123456789012345.123456789012345678901234567890", "0", "1.401298464324817e-45", float.Epsilon),
        (6, "0", "12345678901234567890123456789012345678901234567890123456789012345", "-0", 0f),
        (7, "1.5", "-12345678901234567890123456789012345678901234567890123456789012345", "1.17549435e-38", 1.17549435e-38f),
        (8, "-0.5", "100000000000000000000000000000", "-16777217", -16777216f),
        (9, "0.1", "7", "0.1", 0.1f),
    ];

    public static string Rows => "INSERT INTO exact VALUES " + string.Join(", ", Values.Select(v =>
        string.Create(CultureInfo.InvariantCulture, $"({v.Id}, {v.D65}, {v.D0}, {v.Float}, {v.Float})")));

    public static string Select(string schema) => $"SELECT id, d65::text, d0::text, f FROM \"{schema}\".exact ORDER BY id";

    /// <summary>Every digit of both decimals and every bit of the float, as the target holds them.</summary>
    public static void AssertLanded(List<string?[]> rows)
    {
        Assert.Equal(Values.Length, rows.Count);
        for (var i = 0; i < Values.Length; i++)
        {
            var v = Values[i];
            Assert.Equal(Scale30(v.D65), rows[i][1]);
            Assert.Equal(v.D0.TrimStart('+'), rows[i][2]);
            // Shortest round-trip text: equal strings are equal float32 values.
            Assert.Equal(v.Expected.ToString("R", CultureInfo.InvariantCulture), rows[i][3]);
        }
    }

    private static string Scale30(string value)
    {
        var point = value.IndexOf('.', StringComparison.Ordinal);
        var fraction = point < 0 ? string.Empty : value[(point + 1)..];
        var whole = point < 0 ? value : value[..point];
        return whole + "." + fraction.PadRight(30, '0');
    }
}
