using Godwit.Core.Ddl.Translation;
using Godwit.Core.Schema;

namespace Godwit.Core.Tests.Ddl.Translation;

/// <summary>Procedures that send result sets to the client, and their temporary tables, as PL/pgSQL.</summary>
public sealed class ResultSetProcedureTests
{
    private static TranslationOutcome Procedure(string body, params SourceRoutineParameter[] parameters) =>
        RoutineTranslator.Translate("s", "p", new SourceRoutine { Name = "p", Kind = "PROCEDURE", Definition = body, Parameters = parameters }, new TranslationScope { MapName = (n, _) => n.ToLowerInvariant() });

    [Fact]
    public void Each_result_set_opens_a_cursor_in_a_trailing_inout_refcursor_parameter_in_the_bodys_order()
    {
        var outcome = Procedure("p: BEGIN IF a = 0 THEN SELECT 'bad'; LEAVE p; END IF; SELECT id FROM t WHERE x = a; END", new SourceRoutineParameter("IN", "a", "int"));

        Assert.True(outcome.Translated, outcome.Reason);
        var sql = outcome.Statements[0];
        Assert.Contains("CREATE PROCEDURE \"s\".\"p\"(\"a\" integer, INOUT result_set_1 refcursor DEFAULT NULL, INOUT result_set_2 refcursor DEFAULT NULL)", sql, StringComparison.Ordinal);
        Assert.Contains("OPEN result_set_1 FOR SELECT 'bad';", sql, StringComparison.Ordinal);
        Assert.Contains("OPEN result_set_2 FOR SELECT \"id\" FROM \"t\"", sql, StringComparison.Ordinal);
        Assert.StartsWith("returns 2 result sets: translated as a procedure with trailing INOUT refcursor parameters result_set_1 … result_set_2", Assert.Single(outcome.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Found_rows_after_a_result_set_counts_its_rows_in_a_scroll_cursor_rewound_for_the_caller()
    {
        var sql = Procedure("BEGIN SELECT id FROM t; SELECT FOUND_ROWS() INTO n; END", new SourceRoutineParameter("OUT", "n", "int")).Statements[0];

        Assert.Contains("godwit_found_rows bigint := 0;", sql, StringComparison.Ordinal);
        Assert.Contains("OPEN result_set_1 SCROLL FOR SELECT \"id\" FROM \"t\";\n    MOVE FORWARD ALL FROM result_set_1;\n    GET DIAGNOSTICS godwit_found_rows = ROW_COUNT;\n    MOVE ABSOLUTE 0 FROM result_set_1;", sql, StringComparison.Ordinal);
        Assert.Contains("SELECT godwit_found_rows INTO STRICT \"n\";", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_temporary_table_is_created_as_one_and_its_drop_waits_for_the_commit_once_a_result_set_may_read_it()
    {
        var outcome = Procedure("""
            BEGIN
              DROP TEMPORARY TABLE IF EXISTS old;
              CREATE TEMPORARY TABLE tmp (id SMALLINT UNSIGNED NOT NULL PRIMARY KEY, note VARCHAR(20) DEFAULT 'x', KEY (note));
              INSERT INTO tmp (id) SELECT id FROM t;
              SELECT * FROM tmp;
              DROP TABLE tmp;
            END
            """);

        var sql = outcome.Statements[0];
        Assert.Contains("DROP TABLE IF EXISTS pg_temp.\"old\";", sql, StringComparison.Ordinal);
        Assert.Contains("CREATE TEMP TABLE \"tmp\" (\"id\" integer NOT NULL PRIMARY KEY, \"note\" varchar(20) DEFAULT 'x') ON COMMIT DROP;", sql, StringComparison.Ordinal);
        Assert.Contains("-- godwit: DROP TABLE tmp is deferred to the end of the transaction", sql, StringComparison.Ordinal);
        Assert.Contains(outcome.Notes, n => n.StartsWith("the temporary table tmp is dropped at the end of the transaction", StringComparison.Ordinal));
    }

    [Fact]
    public void A_drop_if_exists_before_the_body_creates_the_temporary_table_drops_only_in_pg_temp()
    {
        var sql = Procedure("BEGIN DROP TABLE IF EXISTS work; CREATE TEMPORARY TABLE work (id INT NOT NULL) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4; DROP TABLE work; END").Statements[0];

        Assert.Contains("DROP TABLE IF EXISTS pg_temp.\"work\";", sql, StringComparison.Ordinal);
        Assert.Contains("CREATE TEMP TABLE \"work\" (\"id\" integer NOT NULL);", sql, StringComparison.Ordinal);
        Assert.Contains("DROP TABLE pg_temp.\"work\";", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BEGIN DECLARE i INT DEFAULT 0; WHILE i < 2 DO SELECT i; SET i = i + 1; END WHILE; END", "a result set inside a loop")]
    [InlineData("DROP TABLE t", "a table the body did not create as TEMPORARY")]
    [InlineData("CREATE TEMPORARY TABLE tmp SELECT * FROM t", "only CREATE TEMPORARY TABLE name (columns) is translated")]
    public void What_cannot_keep_its_meaning_is_refused_with_the_reason(string body, string reason)
    {
        var outcome = Procedure(body);

        Assert.False(outcome.Translated);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
    }
}
