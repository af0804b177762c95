using System.Globalization;
using System.Text;

namespace Godwit.Core.Connections;

/// <summary>
/// Reads libpq's password file: lines of <c>hostname:port:database:username:password</c>, where
/// <c>*</c> matches anything and <c>\:</c> / <c>\\</c> escape (PostgreSQL docs, "The Password File").
/// The first matching line wins.
/// </summary>
public static class PgPassFile
{
    public static string? Find(IEnumerable<string> lines, ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(uri);
        var port = uri.Port.ToString(CultureInfo.InvariantCulture);
        var database = uri.Database ?? uri.User ?? string.Empty;
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = Split(line);
            if (fields.Count != 5)
            {
                continue;
            }

            if (Matches(fields[0], uri.Host) && Matches(fields[1], port) && Matches(fields[2], database)
                && Matches(fields[3], uri.User ?? string.Empty))
            {
                return fields[4];
            }
        }

        return null;
    }

    private static bool Matches(string pattern, string value) =>
        pattern == "*" || string.Equals(pattern, value, StringComparison.Ordinal);

    private static List<string> Split(string line)
    {
        var fields = new List<string>(5);
        var current = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else if (c == ':' && fields.Count < 4)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
