using Godwit.Core.Types;
using Godwit.Postgres.Apply;

namespace Godwit.Cli.Tests.Sync;

/// <summary>Target column types as format_type() spells them: what a change logged under an older schema is converted to.</summary>
public sealed class PgFormattedTypeTests
{
    [Theory]
    [InlineData("character varying(12)", "varchar(12)")]
    [InlineData("timestamp(3) with time zone", "timestamptz(3)")]
    [InlineData("timestamp without time zone", "timestamp")]
    [InlineData("numeric(10,2)", "numeric(10,2)")]
    [InlineData("bit varying(5)", "varbit(5)")]
    [InlineData("text[]", "text[]")]
    [InlineData("double precision", "double precision")]
    public void A_built_in_type_reads_as_the_type_godwit_would_have_planned(string formatted, string planned) =>
        Assert.Equal(PgTypeName.Parse(planned), PgFormattedType.Parse(formatted, "shop"));

    [Theory]
    [InlineData("\"My Shop\".\"Order \"\"Status\"\"\"", "My Shop", "Order \"Status\"")]
    [InlineData("shop.order_status", "shop", "order_status")]
    [InlineData("order_status", "shop", "order_status")]
    public void Any_other_type_is_a_user_defined_type_in_its_schema_or_the_target_schema(string formatted, string schema, string name) =>
        Assert.Equal(PgTypeName.UserDefined(schema, name), PgFormattedType.Parse(formatted, "shop"));

    [Theory]
    [InlineData("character varying(40)", "varchar(40)", true)]
    [InlineData("integer", "integer", true)]
    [InlineData("integer", "bigint", false)]
    [InlineData("character varying(40)", "varchar(30)", false)]
    [InlineData("shop.order_status", "\"shop\".\"order_status\"", true)]
    [InlineData("order_status", "\"shop\".\"order_status\"", true)]
    [InlineData("order_status", "\"shop\".\"item_status\"", false)]
    public void Formatted_and_planned_spellings_of_one_type_are_the_same_type(string formatted, string planned, bool same) =>
        Assert.Equal(same, PgFormattedType.Same(formatted, planned));
}
