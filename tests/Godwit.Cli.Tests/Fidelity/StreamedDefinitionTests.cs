using Godwit.Testing;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>CREATE/DROP VIEW, TRIGGER, FUNCTION and PROCEDURE arriving in the binlog go through the same translator as the schema.</summary>
public sealed class StreamedDefinitionTests : ScratchDatabases
{
    [Fact]
    public async Task Views_triggers_and_routines_created_or_dropped_on_the_source_follow_on_the_target()
    {
        await MySql.ExecuteAsync("""
            CREATE TABLE t (id INT PRIMARY KEY, a INT, s VARCHAR(20));
            INSERT INTO t VALUES (1, 10, 'x'), (2, 20, NULL);
            CREATE VIEW gone AS SELECT id FROM t;
            """);
        string[] endpoints = ["--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString()];
        var migrate = await CliRun.InvokeAsync(["migrate", .. endpoints]);
        Assert.True(migrate.ExitCode == 0, migrate.StdErr);

        await MySql.ExecuteAsync("""
            CREATE VIEW labelled AS SELECT id, CONCAT(IFNULL(s, '-'), ':', a) AS label FROM t;
            CREATE FUNCTION twice(n INT) RETURNS INT DETERMINISTIC RETURN n * 2;
            CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.s = UPPER(NEW.s);
            CREATE VIEW v_bad AS SELECT id, a DIV 2 AS half FROM t;
            DROP VIEW gone;
            """);
        var serverId = Random.Shared.Next(0x50000000, 0x7FFFFFFF).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sync = await CliRun.InvokeAsync(["sync", .. endpoints, "--until-caught-up", "--server-id", serverId]);

        Assert.True(sync.ExitCode == 0, sync.StdErr);
        var schema = MySql.Name;
        Assert.Equal(
            CanonicalRows.Of(await MySql.RowsAsync("SELECT l.id, l.label, twice(t.a) FROM labelled l JOIN t ON t.id = l.id")),
            CanonicalRows.Of(await Postgres.RowsAsync($"SELECT l.id, l.label, \"{schema}\".twice(t.a) FROM \"{schema}\".labelled l JOIN \"{schema}\".t ON t.id = l.id")));
        Assert.Equal(0L, await Postgres.ScalarAsync<long>($"SELECT count(*) FROM pg_views WHERE schemaname = '{schema}' AND viewname = 'gone'"));
        Assert.Equal(1L, await Postgres.ScalarAsync<long>($"SELECT count(*) FROM pg_trigger WHERE tgname = 't_bi' AND NOT tgisinternal"));
        Assert.Contains("view v_bad is not translated (integer division DIV", sync.StdErr, StringComparison.Ordinal);

        // The translated trigger acts for the application's writes on the target (the stream's own writes skip it).
        await Postgres.ExecuteAsync($"INSERT INTO \"{schema}\".t VALUES (9, 1, 'low')");
        Assert.Equal("LOW", await Postgres.ScalarAsync<string>($"SELECT s FROM \"{schema}\".t WHERE id = 9"));
    }
}
