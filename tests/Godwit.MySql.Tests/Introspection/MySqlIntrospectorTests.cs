using Godwit.Core.Schema;
using Godwit.Providers.MySql.Introspection;
using Godwit.Testing;

namespace Godwit.MySql.Tests.Introspection;

public sealed class MySqlIntrospectorTests : IAsyncLifetime
{
    private MySqlScratchDatabase? _db;
    private SourceDatabase? _schema;

    private SourceDatabase Schema => _schema!;

    public async Task InitializeAsync()
    {
        _db = await MySqlScratchDatabase.CreateAsync();
        await _db.ExecuteAsync(TypeZoo.Sql);
        await using var connection = await _db.OpenAsync();
        _schema = await MySqlIntrospector.IntrospectAsync(connection, _db.Name, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private SourceColumn Zoo(string column) => Schema.FindTable("zoo")!.Column(column);

    [Fact]
    public void Tables_views_triggers_routines_and_partitioning_are_listed()
    {
        Assert.Equal(["Users", "child", "nopk", "parent", "part", "users", "zoo"], Schema.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["bad_view", "zoo_view"], Schema.Views.Select(v => v.Name));
        Assert.Equal("zoo_bi", Assert.Single(Schema.Triggers).Name);
        Assert.Equal("PROCEDURE", Assert.Single(Schema.Routines).Kind);
        Assert.StartsWith("HASH", Schema.FindTable("part")!.Partitioning, StringComparison.Ordinal);
        Assert.True(Schema.IsMariaDb);
        Assert.Equal("every type", Schema.FindTable("zoo")!.Comment);
    }

    [Fact]
    public void Column_types_flags_and_comments_are_read()
    {
        Assert.True(Zoo("biu").Type.Unsigned);
        Assert.True(Zoo("flag").Type.IsTinyIntOne);
        Assert.False(Zoo("flag").IsNullable);
        Assert.Equal((65, 30), (Zoo("dec2").Type.Length!.Value, Zoo("dec2").Type.Scale!.Value));
        Assert.Equal(6, Zoo("dtm").Type.FractionalSeconds);
        Assert.Equal(["small", "medium", "large"], Zoo("e").Type.Labels);
        Assert.Equal(MySqlTypeFamily.Uuid, Zoo("u").Type.Family);
        Assert.Equal(MySqlTypeFamily.Inet4, Zoo("ip4").Type.Family);
        Assert.Equal(MySqlTypeFamily.Inet6, Zoo("ip6").Type.Family);
        Assert.Equal(MySqlTypeFamily.Spatial, Zoo("p").Type.Family);
        Assert.Equal("reserved", Zoo("select").Comment);
        Assert.True(Zoo("id").IsAutoIncrement);
        Assert.Equal("utf8mb4", Zoo("vc").Charset);
    }

    [Fact]
    public void Mariadb_json_is_detected_from_its_json_valid_check()
    {
        Assert.Equal("longtext", Zoo("j").Type.Name);
        Assert.True(Zoo("j").Type.IsJsonAlias);
        Assert.Equal(MySqlTypeFamily.Json, Zoo("j").Type.Family);
        Assert.False(Zoo("lt").Type.IsJsonAlias);
        Assert.Contains(Schema.FindTable("zoo")!.Checks, c => c.IsJsonValid);
    }

    [Fact]
    public void Mariadb_defaults_are_normalised()
    {
        Assert.Equal(ColumnDefault.Literal("it's"), Zoo("vc").Default);
        Assert.Equal(ColumnDefault.Literal("1.50"), Zoo("dec1").Default);
        Assert.Equal(ColumnDefault.Literal("0000-00-00"), Zoo("dt").Default);
        Assert.Equal(ColumnDefault.Literal("-838:59:59"), Zoo("tm").Default);
        Assert.Equal(ColumnDefault.Literal("b'101'"), Zoo("b8").Default);
        Assert.Equal(ColumnDefaultKind.CurrentTimestamp, Zoo("ts").Default.Kind);
        Assert.True(Zoo("ts").OnUpdateCurrentTimestamp);
        Assert.Equal(ColumnDefaultKind.Null, Zoo("i").Default.Kind);
    }

    [Fact]
    public void Generated_columns_keep_their_expression_and_kind()
    {
        Assert.Equal("`i` * 2", Zoo("gen").GenerationExpression);
        Assert.True(Zoo("gen").IsStoredGenerated);
        Assert.Equal("`i` + 1", Zoo("vgen").GenerationExpression);
        Assert.False(Zoo("vgen").IsStoredGenerated);
        Assert.Null(Zoo("i").GenerationExpression);
    }

    [Fact]
    public void Keys_indexes_foreign_keys_and_checks_are_read()
    {
        var zoo = Schema.FindTable("zoo")!;
        Assert.Equal(["id"], zoo.PrimaryKey!.Parts.Select(p => p.Column));
        Assert.Equal(IndexKind.Unique, zoo.Indexes.Single(i => i.Name == "vc_uq").Kind);
        Assert.Equal(20, zoo.Indexes.Single(i => i.Name == "tx_prefix").Parts[0].PrefixLength);
        Assert.Equal(IndexKind.Fulltext, zoo.Indexes.Single(i => i.Name == "ft").Kind);
        Assert.Equal(["tt", "tx"], zoo.Indexes.Single(i => i.Name == "ft").Parts.Select(p => p.Column));
        Assert.Contains(zoo.Checks, c => c.Name == "zoo_chk" && c.Clause == "`i` < 1000000");
        Assert.Contains(zoo.Checks, c => c.Name == "qty" && c.Clause == "`qty` >= 0" && !c.IsJsonValid);

        var fk = Assert.Single(Schema.FindTable("child")!.ForeignKeys);
        Assert.Equal("child_parent_fk", fk.Name);
        Assert.Equal("parent", fk.ReferencedTable);
        Assert.Equal(["id"], fk.ReferencedColumns);
        Assert.Equal("CASCADE", fk.OnDelete);
        Assert.Equal("RESTRICT", fk.OnUpdate);
        Assert.Null(Schema.FindTable("nopk")!.PrimaryKey);
    }
}
