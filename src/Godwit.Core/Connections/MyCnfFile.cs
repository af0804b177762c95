namespace Godwit.Core.Connections;

/// <summary>
/// Reads the password from a MySQL option file (<c>~/.my.cnf</c>): the <c>password</c> option of the
/// <c>[client]</c> group, overridden by a later <c>[mysql]</c> or <c>[mariadb-client]</c> group, as the
/// command-line clients read it. Values may be quoted.
/// </summary>
public static class MyCnfFile
{
    private static readonly string[] Groups = ["client", "client-server", "client-mariadb", "mysql", "mariadb-client"];

    public static string? FindPassword(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        string? password = null;
        var inGroup = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                inGroup = Groups.Contains(line[1..^1].Trim(), StringComparer.OrdinalIgnoreCase);
                continue;
            }

            if (!inGroup)
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var key = line[..eq].Trim().Replace('_', '-');
            if (key.Equals("password", StringComparison.OrdinalIgnoreCase))
            {
                password = Unquote(line[(eq + 1)..].Trim());
            }
        }

        return password;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
