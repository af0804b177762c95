using Godwit.Core.Ddl.Translation;

namespace Godwit.Core.Tests.Ddl.Translation;

public sealed class PsmTranslatorTests
{
    private static string Trigger(string body, string timing = "BEFORE", string @event = "INSERT") =>
        TriggerTranslator.Translate("s", "t", "\"s\".\"tbl\"", timing, @event, body, new TranslationScope { MapName = (n, _) => n.ToLowerInvariant(), InTrigger = true }) is { Translated: true } o
            ? string.Join(";\n", o.Statements)
            : "refused";

    [Fact]
    public void A_before_trigger_sets_new_and_returns_it()
    {
        var sql = Trigger("SET NEW.created = NOW()");

        Assert.Contains("NEW.\"created\" := date_trunc('second', LOCALTIMESTAMP);", sql, StringComparison.Ordinal);
        Assert.Contains("RETURN NEW;", sql, StringComparison.Ordinal);
        Assert.Contains("CREATE TRIGGER \"t\" BEFORE INSERT ON \"s\".\"tbl\" FOR EACH ROW EXECUTE FUNCTION \"s\".\"t_fn\"()", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Signal_becomes_raise_with_the_sqlstate_and_an_after_trigger_returns_null()
    {
        var sql = Trigger("BEGIN IF NEW.x > 1 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'too big'; END IF; END", "AFTER", "UPDATE");

        Assert.Contains("RAISE EXCEPTION USING ERRCODE = '45000', MESSAGE = 'too big';", sql, StringComparison.Ordinal);
        Assert.Contains("RETURN NULL;", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Loops_and_labels_become_plpgsql_loops()
    {
        var sql = Trigger("BEGIN DECLARE i INT DEFAULT 0; l: LOOP SET i = i + 1; IF i > 3 THEN LEAVE l; END IF; ITERATE l; END LOOP l; REPEAT SET i = i - 1; UNTIL i = 0 END REPEAT; END");

        Assert.Contains("\"i\" integer := 0;", sql, StringComparison.Ordinal);
        Assert.Contains("<<l>>\n", sql, StringComparison.Ordinal);
        Assert.Contains("EXIT l;", sql, StringComparison.Ordinal);
        Assert.Contains("CONTINUE l;", sql, StringComparison.Ordinal);
        Assert.Contains("EXIT WHEN \"i\" = 0;", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SET @x = 1")]
    [InlineData("BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END; END")]
    [InlineData("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1")]
    [InlineData("SELECT 1")]
    public void Bodies_with_untranslatable_statements_are_refused(string body)
    {
        Assert.Equal("refused", Trigger(body));
    }
}
