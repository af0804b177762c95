using Godwit.Core.Sync;

namespace Godwit.Core.Tests.Sync;

public sealed class ViewAndRoutineDdlParseTests
{
    [Theory]
    [InlineData("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v1` AS select 1 AS `a`", SourceDdlKind.View, "v1")]
    [InlineData("CREATE OR REPLACE VIEW shop.v2 AS SELECT 1", SourceDdlKind.View, "v2")]
    [InlineData("ALTER VIEW v3 AS SELECT 2", SourceDdlKind.View, "v3")]
    [InlineData("DROP VIEW IF EXISTS `v4`", SourceDdlKind.View, "v4")]
    [InlineData("CREATE DEFINER=`app`@`%` TRIGGER `t1` BEFORE INSERT ON `t` FOR EACH ROW BEGIN SET NEW.a = 1; END", SourceDdlKind.Trigger, "t1")]
    [InlineData("DROP TRIGGER IF EXISTS t2", SourceDdlKind.Trigger, "t2")]
    [InlineData("CREATE DEFINER=CURRENT_USER FUNCTION `f1`(a INT) RETURNS int DETERMINISTIC RETURN a + 1", SourceDdlKind.Routine, "f1")]
    [InlineData("CREATE PROCEDURE p1() BEGIN SELECT 1; END", SourceDdlKind.Routine, "p1")]
    [InlineData("DROP PROCEDURE IF EXISTS p2", SourceDdlKind.Routine, "p2")]
    public void View_trigger_and_routine_ddl_names_its_object(string sql, SourceDdlKind kind, string name)
    {
        var ddl = MySqlDdlParser.Parse(sql);

        Assert.True(ddl.IsUnderstood, ddl.Unsupported);
        var action = Assert.Single(ddl.Actions);
        Assert.Equal(kind, action.Kind);
        Assert.Equal(name, action.Table.Name);
    }

    [Theory]
    [InlineData("CREATE USER 'x'@'%' IDENTIFIED BY 'y'")]
    [InlineData("CREATE DEFINER=`root`@`%` EVENT e ON SCHEDULE EVERY 1 HOUR DO SELECT 1")]
    public void Other_create_statements_change_nothing(string sql)
    {
        Assert.Empty(MySqlDdlParser.Parse(sql).Actions);
    }
}
