using System.Net;
using System.Text;
using Godwit.Core.Schema;
using Godwit.Core.Types;

namespace Godwit.Core.Tests.Types;

public sealed class ValueConverterTests
{
    private static ColumnCast Cast(string columnType, string target, ZeroDatePolicy zero = ZeroDatePolicy.Null, bool nullable = true)
    {
        var type = MySqlType.Parse(columnType);
        var pg = PgTypeName.Parse(target);
        var kind = TypeMapping.ConversionFor(type, pg) ?? throw new InvalidOperationException($"no conversion {columnType} -> {target}");
        return new ColumnCast
        {
            SourceSchema = "shop",
            SourceTable = "orders",
            Column = new SourceColumn { Name = "c", Type = type, IsNullable = nullable },
            TargetType = pg,
            Conversion = new ValueConversion(kind) { ZeroDates = zero, BitLength = type.Family == MySqlTypeFamily.Bit ? type.Length ?? 1 : 0 },
        };
    }

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("-838:59:59", -((838L * 3600) + (59 * 60) + 59) * 1_000_000)]
    [InlineData("838:59:59.999999", (((838L * 3600) + (59 * 60) + 59) * 1_000_000) + 999_999)]
    [InlineData("-00:00:00.5", -500_000)]
    [InlineData("25:00:00", 25L * 3600 * 1_000_000)]
    [InlineData("00:00:00", 0)]
    public void A_time_of_any_sign_and_size_becomes_interval_microseconds(string text, long micros)
    {
        var cast = Cast("time(6)", "interval");

        Assert.Equal(micros, ValueConverter.ToIntervalMicros(cast, U(text)));
        Assert.Equal(TimeSpan.FromTicks(micros * 10), ValueConverter.ToInterval(cast, U(text)));
    }

    [Fact]
    public void A_negative_time_in_pg_text_round_trips_exactly()
    {
        Assert.Equal("-838:59:59.5", ValueConverter.ToPgText(Cast("time(1)", "interval"), U("-838:59:59.5")));
    }

    [Theory]
    [InlineData("-01:00:00")]
    [InlineData("24:00:00")]
    public void A_time_outside_a_day_fails_for_a_time_target_naming_table_column_and_value(string text)
    {
        var ex = Assert.Throws<ValueConversionException>(() => ValueConverter.ToTime(Cast("time", "time"), U(text)));

        Assert.Contains("shop.orders.c", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("interval", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("839:00:00")]
    [InlineData("12:60:00")]
    [InlineData("abc")]
    public void An_invalid_time_is_an_error(string text)
    {
        Assert.Throws<ValueConversionException>(() => ValueConverter.ToInterval(Cast("time", "interval"), U(text)));
    }

    [Theory]
    [InlineData("0000-00-00")]
    [InlineData("2024-00-10")]
    [InlineData("2024-05-00")]
    [InlineData("0000-01-01")]
    public void Zero_dates_follow_the_null_policy(string text)
    {
        Assert.Equal(new DateResult(TemporalStatus.Null, default), ValueConverter.ToDate(Cast("date", "date"), U(text)));
        Assert.Null(ValueConverter.ToObject(Cast("date", "date"), U(text)));
    }

    [Fact]
    public void Zero_dates_follow_the_minus_infinity_policy()
    {
        var cast = Cast("datetime", "timestamp", ZeroDatePolicy.NegativeInfinity);

        Assert.Equal(TemporalStatus.NegativeInfinity, ValueConverter.ToTimestamp(cast, U("0000-00-00 00:00:00")).Status);
        Assert.Equal(DateTime.MinValue, ValueConverter.ToObject(cast, U("0000-00-00 00:00:00")));
        Assert.Equal("-infinity", ValueConverter.ToPgText(cast, U("0000-00-00 00:00:00")));
    }

    [Fact]
    public void Zero_dates_under_the_error_policy_fail_naming_the_column()
    {
        var ex = Assert.Throws<ValueConversionException>(() => ValueConverter.ToDate(Cast("date", "date", ZeroDatePolicy.Error), U("0000-00-00")));

        Assert.Equal("shop.orders.c", ex.Column);
        Assert.Equal("'0000-00-00'", ex.Value);
    }

    [Fact]
    public void Zero_dates_kept_as_text_stay_exactly()
    {
        Assert.Equal("0000-00-00", ValueConverter.ToObject(Cast("date", "text", ZeroDatePolicy.Keep), U("0000-00-00")));
    }

    [Fact]
    public void A_datetime_becomes_a_timestamp_without_time_zone_reinterpretation()
    {
        var value = ValueConverter.ToTimestamp(Cast("datetime(6)", "timestamp"), U("2024-03-31 02:30:00.123456"));

        Assert.Equal(TemporalStatus.Value, value.Status);
        Assert.Equal(new DateTime(2024, 3, 31, 2, 30, 0, DateTimeKind.Unspecified).AddTicks(1_234_560), value.Value);
        Assert.Equal(DateTimeKind.Unspecified, value.Value.Kind);
    }

    [Fact]
    public void A_mysql_timestamp_read_in_utc_becomes_a_utc_timestamptz()
    {
        var value = ValueConverter.ToTimestamp(Cast("timestamp", "timestamptz"), U("2024-01-02 03:04:05"));

        Assert.Equal(DateTimeKind.Utc, value.Value.Kind);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), value.Value);
        Assert.Equal("2024-01-02 03:04:05+00", ValueConverter.ToPgText(Cast("timestamp", "timestamptz"), U("2024-01-02 03:04:05")));
    }

    [Fact]
    public void An_invalid_calendar_date_is_an_error_not_a_zero_date()
    {
        Assert.Throws<ValueConversionException>(() => ValueConverter.ToDate(Cast("date", "date"), U("2023-02-29")));
    }

    [Fact]
    public void Unsigned_bigint_max_becomes_numeric()
    {
        Assert.Equal("18446744073709551615", ValueConverter.ToNumericText(Cast("bigint unsigned", "numeric(20,0)"), U("18446744073709551615")));
    }

    [Fact]
    public void Unsigned_bigint_above_the_signed_range_fails_for_a_bigint_target_with_a_clear_message()
    {
        var ex = Assert.Throws<ValueConversionException>(() => ValueConverter.ToInt64(Cast("bigint unsigned", "bigint"), U("18446744073709551615")));

        Assert.Contains("shop.orders.c: cannot convert value '18446744073709551615'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("numeric(20,0)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integers_are_range_checked_for_their_target()
    {
        Assert.Equal((short)255, ValueConverter.ToInt16(Cast("tinyint unsigned", "smallint"), U("255")));
        Assert.Equal(4294967295L, ValueConverter.ToInt64(Cast("int unsigned", "bigint"), U("4294967295")));
        Assert.Throws<ValueConversionException>(() => ValueConverter.ToInt32(Cast("int unsigned", "integer"), U("4294967295")));
    }

    [Fact]
    public void Decimals_keep_every_digit_even_past_what_System_Decimal_holds()
    {
        Assert.Equal("12345678901234567890.12345678", ValueConverter.ToNumericText(Cast("decimal(30,8)", "numeric(30,8)"), U("12345678901234567890.12345678")));
        Assert.Equal("-0.5", ValueConverter.ToNumericText(Cast("decimal(3,1)", "numeric(3,1)"), U("-0.5")));
        Assert.Equal(
            "12345678901234567890123456789012345.123456789012345678901234567890",
            ValueConverter.ToNumericText(Cast("decimal(65,30)", "numeric(65,30)"), U("12345678901234567890123456789012345.123456789012345678901234567890")));
        var bad = Assert.Throws<ValueConversionException>(() => ValueConverter.ToNumericText(Cast("decimal(10,2)", "numeric(10,2)"), U("1.2.3")));
        Assert.Contains("shop.orders.c", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_becomes_real_exactly()
    {
        Assert.Equal(3.14f, ValueConverter.ToReal(Cast("float", "real"), U("3.14")));
        Assert.Equal(1.7976931348623157E+308, ValueConverter.ToDouble(Cast("double", "double precision"), U("1.7976931348623157e308")));
    }

    [Fact]
    public void Tinyint_one_becomes_boolean()
    {
        var cast = Cast("tinyint(1)", "boolean");

        Assert.False(ValueConverter.ToBoolean(cast, U("0")));
        Assert.True(ValueConverter.ToBoolean(cast, U("1")));
        Assert.True(ValueConverter.ToBoolean(cast, U("-3")));
    }

    [Fact]
    public void Set_values_become_text_arrays()
    {
        var cast = Cast("set('a','b','c')", "text[]");

        Assert.Equal(["a", "c"], ValueConverter.ToSetArray(cast, U("a,c")));
        Assert.Empty(ValueConverter.ToSetArray(cast, U(string.Empty)));
        Assert.Equal("{\"a\",\"c\"}", ValueConverter.ToPgText(cast, U("a,c")));
    }

    [Fact]
    public void Bit_bytes_become_bits_integers_and_text()
    {
        byte[] raw = [0x01, 0x05];

        var bits = ValueConverter.ToBits(Cast("bit(10)", "bit(10)"), raw);
        Assert.Equal(10, bits.Length);
        Assert.Equal("0100000101", ValueConverter.ToBitText(Cast("bit(10)", "bit(10)"), raw));
        Assert.True(bits[1]);
        Assert.True(bits[9]);
        Assert.False(bits[0]);
        Assert.Equal(261L, ValueConverter.ToInt64(Cast("bit(10)", "bigint"), raw));
        Assert.True(ValueConverter.ToBoolean(Cast("bit(1)", "boolean"), [0x01]));
        Assert.False(ValueConverter.ToBoolean(Cast("bit(1)", "boolean"), [0x00]));
    }

    [Fact]
    public void Mariadb_uuid_and_inet_values_convert()
    {
        Assert.Equal(Guid.Parse("123e4567-e89b-12d3-a456-426614174000"), ValueConverter.ToUuid(Cast("uuid", "uuid"), U("123e4567-e89b-12d3-a456-426614174000")));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), ValueConverter.ToInet(Cast("inet6", "inet"), U("2001:db8::1")));
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ValueConverter.ToInet(Cast("inet4", "inet"), U("10.0.0.1")));
        Assert.Throws<ValueConversionException>(() => ValueConverter.ToInet(Cast("inet6", "inet"), U("nope")));
    }

    [Fact]
    public void Binary_sixteen_becomes_a_uuid_in_rfc_byte_order()
    {
        var bytes = Convert.FromHexString("123e4567e89b12d3a456426614174000");

        Assert.Equal(Guid.Parse("123e4567-e89b-12d3-a456-426614174000"), ValueConverter.ToUuid(Cast("binary(16)", "uuid"), bytes));
    }

    [Fact]
    public void Text_with_a_nul_byte_is_an_error_shown_in_hex()
    {
        var ex = Assert.Throws<ValueConversionException>(() => ValueConverter.ToText(Cast("varchar(10)", "varchar(10)"), [(byte)'a', 0, (byte)'b']));

        Assert.Equal("0x610062", ex.Value);
        Assert.Contains("NUL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_an_error()
    {
        Assert.Throws<ValueConversionException>(() => ValueConverter.ToText(Cast("text", "text"), [0xC3, 0x28]));
    }

    [Fact]
    public void Geometry_becomes_wkb_without_the_srid_or_ewkb_with_it()
    {
        // MySQL internal format: SRID 4326 (LE) + WKB point(1 2).
        var wkb = Convert.FromHexString("0101000000000000000000F03F0000000000000040");
        var raw = Convert.FromHexString("E6100000").Concat(wkb).ToArray();

        Assert.Equal(wkb, ValueConverter.ToWkb(Cast("point", "bytea"), raw));
        var ewkb = ValueConverter.ToEwkb(Cast("point", "geometry"), raw);
        Assert.Equal(Convert.FromHexString("0101000020E6100000000000000000F03F0000000000000040"), ewkb);
    }

    [Fact]
    public void A_geometry_without_srid_is_plain_wkb_as_postgis_stores_it()
    {
        var wkb = Convert.FromHexString("0101000000000000000000F03F0000000000000040");
        var raw = Convert.FromHexString("00000000").Concat(wkb).ToArray();

        Assert.Equal(wkb, ValueConverter.ToEwkb(Cast("point", "geometry"), raw));
    }

    [Fact]
    public void Long_values_are_truncated_in_error_messages()
    {
        var value = Encoding.UTF8.GetBytes(new string('x', 100));

        Assert.EndsWith("… (100 bytes)", ValueConversionException.Display(value), StringComparison.Ordinal);
    }
}
