using Godwit.Cli.Commands;
using Godwit.Cli.Sync;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.Core.Types;
using Godwit.Providers.MySql.Streaming;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// A column definition the change stream reads from an ADD COLUMN statement must land on the target exactly as the
/// same column introspected from the source would: same type, default, NOT NULL and CHECK through the schema translation.
/// </summary>
public sealed class StatedColumnDdlTranslationTests : SyncTestBase
{
    private static readonly string[] Definitions =
    [
        "INT",
        "INT UNSIGNED NOT NULL DEFAULT 7",
        "TINYINT(1) NOT NULL DEFAULT TRUE",
        "BOOL",
        "BIGINT UNSIGNED",
        "SMALLINT ZEROFILL",
        "MEDIUMINT DEFAULT -4",
        "DECIMAL(12,2) DEFAULT 1.50",
        "NUMERIC",
        "FLOAT",
        "DOUBLE PRECISION",
        "REAL DEFAULT -1.5",
        "BIT(4) DEFAULT b'1010'",
        "BIT",
        "CHAR",
        "VARCHAR(20) NOT NULL DEFAULT 'it''s'",
        "NATIONAL VARCHAR(5)",
        "VARCHAR(10) CHARACTER SET binary",
        "VARBINARY(16)",
        "TEXT",
        "MEDIUMTEXT COMMENT 'medium'",
        "LONG VARCHAR",
        "BLOB",
        "ENUM('a','b c') NOT NULL DEFAULT 'b c'",
        "SET('x','y') DEFAULT 'x,y'",
        "DATE DEFAULT '2020-01-02'",
        "DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)",
        "DATETIME DEFAULT '2001-02-03 04:05:06'",
        "TIMESTAMP NULL DEFAULT NULL",
        "TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)",
        "TIME(2) DEFAULT '01:02:03.5'",
        "YEAR",
        "JSON",
        "UUID",
        "INET6",
        "CHAR(36) DEFAULT (uuid())",
        "INT AS (id * 2) VIRTUAL",
        "INT AUTO_INCREMENT UNIQUE",
    ];

    [Fact]
    public async Task A_column_defined_in_the_statement_translates_like_the_same_column_introspected()
    {
        var statements = Definitions.Select((d, i) => $"ALTER TABLE t ADD COLUMN c{i} {d}").ToList();
        await MySql.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY);" + string.Join(";", statements));
        var spec = new MigrationSpec();
        var now = await SourceModel.LoadAsync(new MySqlStreamSource(MySql.Settings), MySqlToPostgresMapper.Instance, spec, CancellationToken.None);

        for (var i = 0; i < statements.Count; i++)
        {
            var column = $"c{i}";
            var actions = MySqlDdlParser.Parse(statements[i]).Actions;
            Assert.True(actions[0].Definition is not null, $"no definition read from {statements[i]}");

            // The source as if the column were gone since: only the statement says what it is.
            var without = now.Database with
            {
                Tables = [.. now.Database.Tables.Select(t => t with { Columns = [.. t.Columns.Where(c => c.Name != column)] })],
            };
            var stated = SchemaSupport.Plan(now.Mapper, StatedSourceSchema.Apply(without, actions), spec).Plan;

            Assert.True(
                ColumnOf(now.Plan, column) == ColumnOf(stated, column),
                $"{statements[i]}:\n  introspected: {ColumnOf(now.Plan, column)}\n  stated:       {ColumnOf(stated, column)}");
        }
    }

    /// <summary>The column's line of the CREATE TABLE, and the CHECKs and comments made for it.</summary>
    private static string ColumnOf(PgSchemaPlan plan, string column)
    {
        var quoted = PgIdentifier.Quote(column);
        var line = plan.Statements.Single(s => s.Kind == DdlObjectKind.Table && s.Object == "t").Sql
            .Split('\n').Select(l => l.Trim().TrimEnd(',')).Single(l => l.StartsWith(quoted + " ", StringComparison.Ordinal));
        var others = plan.Statements.Where(s => s.Kind is DdlObjectKind.Check or DdlObjectKind.Comment && s.Sql.Contains(quoted, StringComparison.Ordinal)).Select(s => s.Sql);
        return string.Join("\n", [line, .. others]);
    }
}
