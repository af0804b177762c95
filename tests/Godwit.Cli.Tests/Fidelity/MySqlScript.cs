using System.Text;

namespace Godwit.Cli.Tests.Fidelity;

/// <summary>
/// Splits a mysql-client script into statements the way the client does: on the current delimiter, which a
/// <c>DELIMITER x</c> line changes, outside quotes and comments.
/// </summary>
internal static class MySqlScript
{
    public static List<string> Split(string script)
    {
        var statements = new List<string>();
        var delimiter = ";";
        var current = new StringBuilder();
        var i = 0;
        while (i < script.Length)
        {
            var lineStart = i == 0 || script[i - 1] == '\n';
            if (lineStart && StripComments(current.ToString().Trim()).Length == 0 && script.AsSpan(i).StartsWith("DELIMITER ", StringComparison.OrdinalIgnoreCase))
            {
                var end = script.IndexOf('\n', i);
                end = end < 0 ? script.Length : end;
                delimiter = script[(i + "DELIMITER ".Length)..end].Trim();
                current.Clear();
                i = end + 1;
                continue;
            }

            var c = script[i];
            if (c is '\'' or '"' or '`')
            {
                var close = i + 1;
                while (close < script.Length && script[close] != c)
                {
                    close += script[close] == '\\' && c != '`' ? 2 : 1;
                }

                current.Append(script, i, Math.Min(close + 1, script.Length) - i);
                i = close + 1;
                continue;
            }

            if ((c == '-' && script.AsSpan(i).StartsWith("-- ", StringComparison.Ordinal)) || c == '#')
            {
                var end = script.IndexOf('\n', i);
                end = end < 0 ? script.Length : end;
                current.Append(script, i, end - i);
                i = end;
                continue;
            }

            if (script.AsSpan(i).StartsWith(delimiter, StringComparison.Ordinal))
            {
                Add(statements, current);
                i += delimiter.Length;
                continue;
            }

            current.Append(c);
            i++;
        }

        Add(statements, current);
        return statements;
    }

    private static void Add(List<string> statements, StringBuilder current)
    {
        var text = current.ToString().Trim();
        current.Clear();
        if (StripComments(text).Length > 0)
        {
            statements.Add(text);
        }
    }

    private static string StripComments(string text) =>
        string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'))).Trim();
}
