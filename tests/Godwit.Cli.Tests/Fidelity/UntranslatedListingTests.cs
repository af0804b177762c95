using System.Text.Json;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>What cannot be translated is listed by assess, statement by statement with the reason, and written out by schema --emit-untranslated.</summary>
public sealed class UntranslatedListingTests : ScratchDatabases
{
    private const string Sql = """
        CREATE TABLE t (id INT PRIMARY KEY, a INT, s VARCHAR(20));
        CREATE VIEW v_bad AS SELECT id, a DIV 2 AS half FROM t;
        CREATE VIEW v_ok AS SELECT id, IFNULL(s, 'none') AS s FROM t;
        CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET @last_id = NEW.id;
        CREATE PROCEDURE p_list() SELECT id, s FROM t;
        CREATE PROCEDURE p_loop() BEGIN DECLARE i INT DEFAULT 0; WHILE i < 2 DO SELECT id, s FROM t; SET i = i + 1; END WHILE; END;
        """;

    [Fact]
    public async Task Assess_lists_each_untranslated_view_trigger_and_routine_with_the_reason()
    {
        await MySql.ExecuteAsync(Sql);

        var run = await CliRun.InvokeAsync(["assess", "--source", MySql.Uri.ToUnmaskedString(), "--target", Postgres.Uri.ToUnmaskedString(), "--json"]);

        var findings = JsonDocument.Parse(run.StdOut).RootElement.GetProperty("findings").EnumerateArray().ToList();
        string What(string where) => findings.Single(f => f.GetProperty("where").GetString() == where && f.GetProperty("severity").GetString() == "warning"
            && f.GetProperty("what").GetString()!.Contains("not translated", StringComparison.Ordinal)).GetProperty("what").GetString()!;
        Assert.Contains("integer division DIV", What($"view {MySql.Name}.v_bad"), StringComparison.Ordinal);
        Assert.Contains("user variable @last_id", What($"trigger {MySql.Name}.t_bi"), StringComparison.Ordinal);
        Assert.Contains("a result set inside a loop", What($"procedure {MySql.Name}.p_loop"), StringComparison.Ordinal);

        // A procedure returning a result set is translated, and assess says what its callers must do.
        var list = findings.Single(f => f.GetProperty("where").GetString() == $"procedure {MySql.Name}.p_list").GetProperty("what").GetString()!;
        Assert.StartsWith("returns a result set: translated as a procedure with a trailing INOUT refcursor parameter result_set_1", list, StringComparison.Ordinal);
        Assert.Contains("callers must CALL it inside a transaction", list, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.GetProperty("where").GetString() == $"view {MySql.Name}.v_ok" && f.GetProperty("what").GetString()!.Contains("not translated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schema_emit_untranslated_writes_each_original_body_beside_its_closest_translation()
    {
        await MySql.ExecuteAsync(Sql);
        var dir = Directory.CreateTempSubdirectory("godwit-untranslated-");
        try
        {
            var run = await CliRun.InvokeAsync(["schema", "--source", MySql.Uri.ToUnmaskedString(), "--dry-run", "--emit-untranslated", dir.FullName]);

            Assert.True(run.ExitCode == 0, run.StdErr);
            Assert.Contains("3 untranslated", run.StdErr, StringComparison.Ordinal);
            var stem = Path.Combine(dir.FullName, "view." + MySql.Name + ".v_bad");
            Assert.Contains("DIV", await File.ReadAllTextAsync(stem + ".mysql.sql"), StringComparison.OrdinalIgnoreCase);
            var view = await File.ReadAllTextAsync(stem + ".pg.sql");
            Assert.Contains("was not translated: integer division DIV", view, StringComparison.Ordinal);
            Assert.Contains("CREATE VIEW", view, StringComparison.Ordinal);
            var trigger = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "trigger." + MySql.Name + ".t_bi.pg.sql"));
            Assert.Contains("-- godwit: not translated (user variable @last_id", trigger, StringComparison.Ordinal);
            Assert.Contains("CREATE TRIGGER \"t_bi\" BEFORE INSERT", trigger, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir.FullName, "procedure." + MySql.Name + ".p_loop.mysql.sql")));
            Assert.False(File.Exists(Path.Combine(dir.FullName, "procedure." + MySql.Name + ".p_list.mysql.sql")));
            Assert.False(File.Exists(Path.Combine(dir.FullName, "view." + MySql.Name + ".v_ok.mysql.sql")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
