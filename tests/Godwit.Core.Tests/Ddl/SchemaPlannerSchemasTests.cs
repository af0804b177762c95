using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Xunit;

namespace Godwit.Core.Tests.Ddl;

/// <summary>The spec's table filter on a source of several schemas, where two schemas may each have a table of one name.</summary>
public sealed class SchemaPlannerSchemasTests
{
    private static readonly SourceDatabase Shop = new()
    {
        Name = "shop",
        Schemas = ["public", "sales"],
        KeysBySchema = true,
        Tables =
        [
            new SourceTable { Schema = "public", Name = "orders", KeyedBySchema = true },
            new SourceTable { Schema = "sales", Name = "orders", KeyedBySchema = true },
            new SourceTable { Schema = "sales", Name = "lines", KeyedBySchema = true },
        ],
        NativeDdl =
        [
            new DdlStatement(DdlPhase.PostData, DdlObjectKind.Index, "public.orders_note", "CREATE INDEX orders_note ON public.orders (note)") { Table = "public.orders" },
            new DdlStatement(DdlPhase.PostData, DdlObjectKind.Index, "sales.orders_total", "CREATE INDEX orders_total ON sales.orders (total)") { Table = "sales.orders" },
        ],
    };

    private static IReadOnlyList<string> Keys(MigrationSpec spec) => [.. SchemaPlanner.Filter(Shop, spec).Tables.Select(t => t.Key)];

    [Fact]
    public void A_schema_qualified_name_leaves_out_that_schemas_table_only_and_its_statements_with_it()
    {
        var filtered = SchemaPlanner.Filter(Shop, new MigrationSpec { ExcludeTables = ["sales.orders"] });

        Assert.Equal(["public.orders", "sales.lines"], filtered.Tables.Select(t => t.Key));
        Assert.Equal(["public.orders_note"], filtered.NativeDdl.Select(s => s.Object));
    }

    [Fact]
    public void A_bare_name_as_the_CLI_qualifies_it_with_the_migrations_name_selects_the_table_of_that_name_in_every_schema()
    {
        Assert.Equal(["public.orders", "sales.orders"], Keys(new MigrationSpec { IncludeTables = ["shop.orders"] }));
    }

    [Fact]
    public void A_schema_wildcard_selects_every_table_of_that_schema()
    {
        Assert.Equal(["sales.orders", "sales.lines"], Keys(new MigrationSpec { IncludeTables = ["sales.*"] }));
    }

    [Fact]
    public void Tables_are_found_by_schema_and_name_and_not_in_a_schema_the_migration_does_not_move()
    {
        Assert.Equal("sales", Shop.FindTable("sales", "orders")!.Schema);
        Assert.Equal("public", Shop.FindTable("public.orders")!.Schema);
        Assert.Null(Shop.FindTable("billing", "orders"));
    }
}
