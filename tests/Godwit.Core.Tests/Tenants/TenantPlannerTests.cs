using Godwit.Core.Schema;
using Godwit.Core.Tenants;

namespace Godwit.Core.Tests.Tenants;

public sealed class TenantPlannerTests
{
    private static readonly MySqlType Int = MySqlType.Parse("int");

    private static SourceTable Table(string name, string[] columns, params SourceForeignKey[] fks) => new()
    {
        Schema = "db_system",
        Name = name,
        Columns = [.. columns.Select((c, i) => new SourceColumn { Name = c, Ordinal = i + 1, Type = Int })],
        Indexes = [new SourceIndex { Name = "PRIMARY", Kind = IndexKind.Primary, Parts = [new SourceIndexPart { Column = columns[0] }] }],
        ForeignKeys = fks,
    };

    private static SourceForeignKey Fk(string name, string column, string parent, string parentColumn) =>
        new() { Name = name, Columns = [column], ReferencedSchema = "db_system", ReferencedTable = parent, ReferencedColumns = [parentColumn] };

    private static SourceDatabase Shop() => new()
    {
        Name = "db_system",
        Tables =
        [
            Table("companies", ["company_id", "name"]),
            Table("orders", ["id", "company_id", "total"], Fk("fk_orders_company", "company_id", "companies", "company_id")),
            Table("order_items", ["id", "order_id", "sku"], Fk("fk_items_order", "order_id", "orders", "id")),
            Table("item_notes", ["id", "item_id", "note"], Fk("fk_notes_item", "item_id", "order_items", "id")),
            Table("audit", ["id", "order_ref"]),
            Table("countries", ["code", "name"]),
        ],
    };

    private static TenantPlanRequest Request(params TenantHop[] paths) => new() { TenantColumn = "company_id", Tenant = "7", Paths = paths };

    [Fact]
    public void Tables_with_the_tenant_column_are_tenant_tables_and_the_rest_reach_them_by_foreign_keys_or_are_shared()
    {
        var plan = TenantPlanner.Plan(Shop(), Request());

        Assert.Equal(TenantTableRole.Tenant, plan.Find("companies")!.Role);
        Assert.Equal(TenantTableRole.Tenant, plan.Find("orders")!.Role);
        Assert.Equal(TenantTableRole.ViaPath, plan.Find("order_items")!.Role);
        Assert.Equal("order_items.order_id → orders.id", plan.Find("order_items")!.Describe());
        Assert.Equal(TenantTableRole.ViaPath, plan.Find("item_notes")!.Role);
        Assert.Equal("item_notes.item_id → order_items.id ; order_items.order_id → orders.id", plan.Find("item_notes")!.Describe());
        Assert.Equal(TenantTableRole.Shared, plan.Find("audit")!.Role);
        Assert.Equal(TenantTableRole.Shared, plan.Find("countries")!.Role);
    }

    [Fact]
    public void A_named_tenant_path_filters_a_table_without_foreign_keys()
    {
        var plan = TenantPlanner.Plan(Shop(), Request(TenantPlanRequest.ParseHop("audit.order_ref=orders.id")));

        Assert.Equal(TenantTableRole.ViaPath, plan.Find("audit")!.Role);
        Assert.Equal("audit.order_ref → orders.id", plan.Find("audit")!.Describe());
    }

    [Fact]
    public void Included_shared_tables_move_whole_and_an_included_tenant_table_is_refused()
    {
        var plan = TenantPlanner.Plan(Shop(), Request() with { Include = ["countries"] });
        Assert.Equal(TenantTableRole.Included, plan.Find("countries")!.Role);
        Assert.True(plan.Find("countries")!.Moves);
        Assert.False(plan.Find("countries")!.Filtered);

        var ex = Assert.Throws<TenantPlanException>(() => TenantPlanner.Plan(Shop(), Request() with { Include = ["orders"] }));
        Assert.Contains("orders", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Purge_order_puts_every_child_before_the_tables_it_refers_to()
    {
        var order = TenantPlanner.Plan(Shop(), Request()).ChildrenFirst().Select(t => t.Table).ToList();

        Assert.Equal(["item_notes", "order_items", "orders", "companies"], order);
    }

    [Fact]
    public void Unknown_tenant_column_and_bad_paths_are_named()
    {
        var column = Assert.Throws<TenantPlanException>(() => TenantPlanner.Plan(Shop(), Request() with { TenantColumn = "tenant_id" }));
        Assert.Contains("'tenant_id'", column.Message, StringComparison.Ordinal);

        var table = Assert.Throws<TenantPlanException>(() => TenantPlanner.Plan(Shop(), Request(TenantPlanRequest.ParseHop("nope.x=orders.id"))));
        Assert.Contains("'nope'", table.Message, StringComparison.Ordinal);

        var col = Assert.Throws<TenantPlanException>(() => TenantPlanner.Plan(Shop(), Request(TenantPlanRequest.ParseHop("audit.missing=orders.id"))));
        Assert.Contains("'missing'", col.Message, StringComparison.Ordinal);

        Assert.Throws<TenantPlanException>(() => TenantPlanRequest.ParseHop("audit.order_ref"));
    }

    [Theory]
    [InlineData("2) OR (1=1")]
    [InlineData("acme")]
    [InlineData("")]
    public void A_tenant_value_that_is_not_a_number_is_refused_for_a_numeric_tenant_column(string tenant)
    {
        var error = Assert.Throws<TenantPlanException>(() => TenantPlanner.Plan(Shop(), new TenantPlanRequest { TenantColumn = "company_id", Tenant = tenant }));

        Assert.Contains("is not a number", error.Message, StringComparison.Ordinal);
        Assert.Contains("companies.company_id is int", error.Message, StringComparison.Ordinal);
    }
}
