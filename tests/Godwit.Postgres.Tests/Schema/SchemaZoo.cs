using Godwit.Core.Schema;

namespace Godwit.Postgres.Tests.Schema;

/// <summary>A source model with every MySQL/MariaDB type and the traps pgloader falls into, built without a MySQL server.</summary>
internal static class SchemaZoo
{
    public static SourceColumn Col(string name, string type, bool nullable = true, ColumnDefault? def = null, bool autoIncrement = false, bool jsonAlias = false) =>
        new() { Name = name, Type = MySqlType.Parse(type) with { IsJsonAlias = jsonAlias }, IsNullable = nullable, Default = def ?? ColumnDefault.None, IsAutoIncrement = autoIncrement };

    public static SourceIndex Pk(string column) => new() { Name = "PRIMARY", Kind = IndexKind.Primary, Parts = [new SourceIndexPart { Column = column }] };

    /// <summary>(column, MySQL type, expected PostgreSQL type as format_type() shows it).</summary>
    public static readonly (string Column, string Type, string Expected)[] Types =
    [
        ("ti", "tinyint(4)", "smallint"),
        ("tiu", "tinyint(3) unsigned", "smallint"),
        ("flag", "tinyint(1)", "boolean"),
        ("si", "smallint(6)", "smallint"),
        ("siu", "smallint(5) unsigned", "integer"),
        ("mi", "mediumint(9)", "integer"),
        ("miu", "mediumint(8) unsigned", "integer"),
        ("i", "int(11)", "integer"),
        ("iu", "int(10) unsigned", "bigint"),
        ("bi", "bigint(20)", "bigint"),
        ("biu", "bigint(20) unsigned", "numeric(20,0)"),
        ("dec1", "decimal(10,2)", "numeric(10,2)"),
        ("dec2", "decimal(65,30)", "numeric(65,30)"),
        ("f", "float", "real"),
        ("d", "double", "double precision"),
        ("b1", "bit(1)", "bit(1)"),
        ("b10", "bit(10)", "bit(10)"),
        ("dt", "date", "date"),
        ("dtm", "datetime(6)", "timestamp without time zone"),
        ("ts", "timestamp", "timestamp with time zone"),
        ("tm", "time", "interval"),
        ("yr", "year(4)", "smallint"),
        ("c", "char(3)", "character varying(3)"),
        ("vc", "varchar(255)", "character varying(255)"),
        ("tt", "tinytext", "text"),
        ("lt", "longtext", "text"),
        ("bn", "binary(16)", "bytea"),
        ("vb", "varbinary(20)", "bytea"),
        ("bl", "longblob", "bytea"),
        ("e", "enum('small','medium','large')", "text"),
        ("st", "set('a','b','c')", "text[]"),
        ("j", "longtext", "jsonb"),
        ("mj", "json", "jsonb"),
        ("u", "uuid", "uuid"),
        ("ip4", "inet4", "inet"),
        ("ip6", "inet6", "inet"),
        ("g", "geometry", "bytea"),
        ("p", "point", "bytea"),
        ("select", "int(11)", "integer"),
        ("MixedCase", "int(11)", "integer"),
    ];

    public static SourceDatabase Database(string name = "Zoo DB") => new()
    {
        Name = name,
        IsMariaDb = true,
        Tables =
        [
            new SourceTable
            {
                Schema = name,
                Name = "parent",
                Columns = [Col("id", "bigint(20) unsigned", nullable: false, autoIncrement: true), Col("name", "varchar(50)")],
                Indexes = [Pk("id")],
                AutoIncrement = 100,
            },
            new SourceTable
            {
                Schema = name,
                Name = "child",
                Columns = [Col("id", "int(11)", nullable: false, autoIncrement: true), Col("parent_id", "bigint(20) unsigned", nullable: false)],
                Indexes = [Pk("id"), new SourceIndex { Name = "parent_idx", Kind = IndexKind.Index, Parts = [new SourceIndexPart { Column = "parent_id" }] }],
                ForeignKeys = [new SourceForeignKey { Name = "child_parent_fk", Columns = ["parent_id"], ReferencedSchema = name, ReferencedTable = "parent", ReferencedColumns = ["id"], OnDelete = "CASCADE" }],
            },
            new SourceTable
            {
                Schema = name,
                Name = "zoo",
                Comment = "every type",
                Columns =
                [
                    Col("id", "int(11)", nullable: false),
                    .. Types.Select(t => Col(t.Column, t.Type, jsonAlias: t.Column == "j") with
                    {
                        Default = t.Column switch
                        {
                            "tm" => ColumnDefault.Literal("-838:59:59"),
                            "dt" => ColumnDefault.Literal("0000-00-00"),
                            "flag" => ColumnDefault.Literal("1"),
                            "b10" => ColumnDefault.Literal("b'101'"),
                            "e" => ColumnDefault.Literal("small"),
                            "ts" => ColumnDefault.CurrentTimestamp(),
                            _ => ColumnDefault.None,
                        },
                        Comment = t.Column == "select" ? "a reserved word" : null,
                    }),
                    Col("gen", "int(11)") with { GenerationExpression = "`i` * 2", IsStoredGenerated = true },
                ],
                Indexes =
                [
                    Pk("id"),
                    new SourceIndex { Name = "vc_uq", Kind = IndexKind.Unique, Parts = [new SourceIndexPart { Column = "vc" }] },
                    new SourceIndex { Name = "lt_prefix", Kind = IndexKind.Index, Parts = [new SourceIndexPart { Column = "lt", PrefixLength = 20 }] },
                    new SourceIndex { Name = "ft", Kind = IndexKind.Fulltext, Parts = [new SourceIndexPart { Column = "tt" }, new SourceIndexPart { Column = "lt" }] },
                    new SourceIndex { Name = "parent_idx", Kind = IndexKind.Index, Parts = [new SourceIndexPart { Column = "i" }] },
                ],
                Checks =
                [
                    new SourceCheck { Name = "j", Clause = "json_valid(`j`)", IsJsonValid = true },
                    new SourceCheck { Name = "zoo_chk", Clause = "`i` < 1000000" },
                ],
            },
            new SourceTable { Schema = name, Name = "Users", Columns = [Col("id", "int(11)", nullable: false)], Indexes = [Pk("id")] },
            new SourceTable { Schema = name, Name = "users", Columns = [Col("id", "int(11)", nullable: false)], Indexes = [Pk("id")] },
        ],
        Views =
        [
            new SourceView { Schema = name, Name = "zoo_view", Definition = $"select `{name}`.`zoo`.`id` AS `id`,`{name}`.`zoo`.`i` * 2 AS `twice` from `{name}`.`zoo` where `{name}`.`zoo`.`i` > 0" },
        ],
    };
}
