using Godwit.Core.Schema;
using Godwit.Core.Sync;

namespace Godwit.Core.Tests.Sync;

public sealed class StatedSourceSchemaTests
{
    private static readonly SourceDatabase Now = new()
    {
        Name = "shop",
        IsMariaDb = true,
        Tables =
        [
            new SourceTable
            {
                Schema = "shop",
                Name = "items",
                Columns =
                [
                    new SourceColumn { Name = "id", Ordinal = 1, Type = MySqlType.Parse("int(11)"), IsNullable = false },
                    new SourceColumn { Name = "qty", Ordinal = 2, Type = MySqlType.Parse("bigint(20)") },
                ],
            },
        ],
    };

    [Fact]
    public void A_statement_that_defines_no_column_leaves_the_schema_as_it_is()
    {
        Assert.Same(Now, StatedSourceSchema.Apply(Now, MySqlDdlParser.Parse("ALTER TABLE items DROP COLUMN qty, ADD INDEX i (id)").Actions));
    }

    [Fact]
    public void A_modified_column_takes_the_statements_definition_in_its_place()
    {
        var stated = StatedSourceSchema.Apply(Now, MySqlDdlParser.Parse("ALTER TABLE items MODIFY qty SMALLINT NOT NULL").Actions);

        var qty = stated.FindTable("items")!.Column("qty");
        Assert.Equal(("smallint", 2, false), (qty.Type.ColumnType, qty.Ordinal, qty.IsNullable));
        Assert.Equal("bigint(20)", Now.FindTable("items")!.Column("qty").Type.ColumnType);
    }

    [Fact]
    public void A_column_the_source_no_longer_has_is_added_after_the_others()
    {
        var stated = StatedSourceSchema.Apply(Now, MySqlDdlParser.Parse("ALTER TABLE items ADD COLUMN note VARCHAR(9) FIRST").Actions);

        Assert.Equal(["id", "qty", "note"], stated.FindTable("items")!.Columns.Select(c => c.Name));
        Assert.Equal(3, stated.FindTable("items")!.Column("note").Ordinal);
    }

    [Fact]
    public void A_table_the_source_no_longer_has_appears_with_the_stated_columns()
    {
        var stated = StatedSourceSchema.Apply(Now, MySqlDdlParser.Parse("ALTER TABLE gone ADD COLUMN c INT").Actions);

        Assert.Equal(["c"], stated.FindTable("gone")!.Columns.Select(c => c.Name));
    }

    [Fact]
    public void A_column_the_statement_puts_in_the_primary_key_is_not_null()
    {
        var stated = StatedSourceSchema.Apply(Now, MySqlDdlParser.Parse("ALTER TABLE items ADD COLUMN k INT, DROP PRIMARY KEY, ADD PRIMARY KEY (id, k)").Actions);

        Assert.False(stated.FindTable("items")!.Column("k").IsNullable);
    }

    [Fact]
    public void Json_on_MariaDB_is_the_longtext_alias_introspection_shows()
    {
        var stated = StatedSourceSchema.Apply(Now, MySqlDdlParser.Parse("ALTER TABLE items ADD COLUMN doc JSON").Actions);

        var doc = stated.FindTable("items")!.Column("doc");
        Assert.Equal(("longtext", true, MySqlTypeFamily.Json), (doc.Type.Name, doc.Type.IsJsonAlias, doc.Type.Family));
    }
}
