using System.Text;
using Godwit.Core.Schema;
using Godwit.Core.Types;
using Godwit.Core.Verify;

namespace Godwit.Core.Tests.Verify;

public sealed class CanonicalValueTests
{
    [Fact]
    public void Null_empty_and_the_string_null_are_three_different_rows()
    {
        var rows = new[] { new VerifyRow(default, [null]), new VerifyRow(default, [string.Empty]), new VerifyRow(default, ["NULL"]), new VerifyRow(default, ["~"]) };

        Assert.Equal(4, rows.Select(r => r.WholeRow()).Distinct().Count());
    }

    [Theory]
    [InlineData("decimal(10,2)", ValueConversionKind.Numeric, "12.50", 12.5)]
    [InlineData("decimal(10,2)", ValueConversionKind.Numeric, "-0.00", 0)]
    [InlineData("decimal(10,0)", ValueConversionKind.Numeric, "120", 120)]
    public void A_decimal_reads_the_same_from_the_source_text_and_the_target_value(string type, ValueConversionKind kind, string text, double value)
    {
        var cast = Cast(type, kind, "numeric");

        Assert.Equal(CanonicalValue.FromTarget(cast, (decimal)value), CanonicalValue.FromSource(cast, Encoding.ASCII.GetBytes(text)));
    }

    [Theory]
    [InlineData("datetime", "2024-01-02 03:04:05")]
    [InlineData("datetime(6)", "2024-01-02 03:04:05.123456")]
    [InlineData("datetime(3)", "2024-01-02 03:04:05.120")]
    public void A_timestamp_reads_the_same_from_the_source_text_and_the_target_value(string type, string text)
    {
        var cast = Cast(type, ValueConversionKind.Timestamp, "timestamp");
        var parsed = DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(CanonicalValue.FromTarget(cast, parsed), CanonicalValue.FromSource(cast, Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void A_zero_date_is_what_the_copy_made_of_it()
    {
        var toNull = Cast("datetime", ValueConversionKind.Timestamp, "timestamp");
        var toInfinity = toNull with { Conversion = new ValueConversion(ValueConversionKind.Timestamp) { ZeroDates = ZeroDatePolicy.NegativeInfinity } };

        Assert.Null(CanonicalValue.FromSource(toNull, "0000-00-00 00:00:00"u8));
        Assert.Null(CanonicalValue.FromSource(toNull, "2024-00-10 00:00:00"u8));
        Assert.Equal(CanonicalValue.FromTarget(toInfinity, DateTime.MinValue), CanonicalValue.FromSource(toInfinity, "0000-00-00 00:00:00"u8));
    }

    [Fact]
    public void A_float_compares_by_the_value_the_copy_wrote_from_the_servers_six_digit_text()
    {
        var cast = Cast("float", ValueConversionKind.Real, "real");

        Assert.Equal(CanonicalValue.FromTarget(cast, 1234560f), CanonicalValue.FromSource(cast, "1234560"u8));
        Assert.NotEqual(CanonicalValue.FromTarget(cast, 1234565f), CanonicalValue.FromSource(cast, "1234560"u8));
    }

    [Fact]
    public void Negative_time_compares_as_signed_microseconds()
    {
        var cast = Cast("time", ValueConversionKind.Interval, "interval");

        Assert.Equal(CanonicalValue.FromTarget(cast, TimeSpan.FromSeconds(-((838 * 3600) + (59 * 60) + 59))), CanonicalValue.FromSource(cast, "-838:59:59"u8));
    }

    private static ColumnCast Cast(string type, ValueConversionKind kind, string target) => new()
    {
        SourceSchema = "db",
        SourceTable = "t",
        Column = new SourceColumn { Name = "c", Type = MySqlType.Parse(type) },
        TargetType = new PgTypeName(target),
        Conversion = new ValueConversion(kind),
    };
}
