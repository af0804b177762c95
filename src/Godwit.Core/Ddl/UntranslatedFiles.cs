using System.Text;

namespace Godwit.Core.Ddl;

/// <summary>
/// Writes each untranslated view, trigger and routine as two files side by side: <c>KIND.NAME.mysql.sql</c> (the
/// original body) and <c>KIND.NAME.pg.sql</c> (the reason and the closest translation, untranslatable pieces kept as
/// commented MySQL), as a starting point for the rewrite by hand.
/// </summary>
public static class UntranslatedFiles
{
    public static IReadOnlyList<string> Write(string directory, IEnumerable<UntranslatedObject> objects)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(objects);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var o in objects)
        {
            var stem = Path.Combine(directory, $"{o.Kind}.{Safe(o.Name)}");
            File.WriteAllText(stem + ".mysql.sql", $"-- {o.Kind} {o.Name}: the original MySQL body\n{o.Original}\n", Encoding.UTF8);
            var pg = new StringBuilder()
                .Append("-- godwit: ").Append(o.Kind).Append(' ').Append(o.Name).Append(" was not translated: ").Append(o.Reason).Append('\n')
                .Append("-- The closest translation, as a starting point; pieces marked \"godwit: not translated\" need rewriting.\n")
                .Append(o.Closest ?? "-- (no translation)").Append('\n');
            File.WriteAllText(stem + ".pg.sql", pg.ToString(), Encoding.UTF8);
            written.Add(stem + ".mysql.sql");
            written.Add(stem + ".pg.sql");
        }

        return written;
    }

    private static string Safe(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_'));
}
