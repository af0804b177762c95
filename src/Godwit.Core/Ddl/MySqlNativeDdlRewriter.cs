using System.Text.RegularExpressions;

namespace Godwit.Core.Ddl;

/// <summary>
/// Makes a statement the source printed (<c>SHOW CREATE TABLE|VIEW|PROCEDURE|FUNCTION</c>) right for the target
/// database: the <c>DEFINER</c> clause goes (the account rarely exists on the target; the object is then owned by the
/// account that makes it), and a view's references to the source database, which <c>SHOW CREATE VIEW</c> always
/// qualifies, name the target database instead when the two differ. Tables and routines name no database: they are
/// made with the target database as the session's default (<c>USE</c>), which is also where their unqualified
/// foreign keys and table references resolve.
/// </summary>
public static partial class MySqlNativeDdlRewriter
{
    public static string Retarget(DdlStatement statement, string sourceDatabase, string targetDatabase)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var sql = statement.Sql;
        if (statement.Kind is DdlObjectKind.View or DdlObjectKind.Function or DdlObjectKind.Trigger)
        {
            sql = Definer().Replace(sql, string.Empty, 1);
        }

        if (statement.Kind == DdlObjectKind.View && !string.Equals(sourceDatabase, targetDatabase, StringComparison.Ordinal))
        {
            sql = sql.Replace(MySqlIdentifier.Quote(sourceDatabase) + ".", MySqlIdentifier.Quote(targetDatabase) + ".", StringComparison.Ordinal);
        }

        return sql;
    }

    // DEFINER=`user`@`host` (either part may also be unquoted or CURRENT_USER), as SHOW CREATE prints it.
    [GeneratedRegex(@"\s+DEFINER\s*=\s*(?:`(?:[^`]|``)*`|'[^']*'|[^\s@]+)(?:@(?:`(?:[^`]|``)*`|'[^']*'|[^\s]+))?", RegexOptions.IgnoreCase)]
    private static partial Regex Definer();
}
