using System.Text;

namespace Godwit.Core.Ddl.Translation;

/// <summary>MySQL's DATE_FORMAT/STR_TO_DATE specifiers as a PostgreSQL to_char/to_timestamp pattern.</summary>
public static class DateFormatPattern
{
    public static string ToPg(string mysql, out bool hasTime)
    {
        ArgumentNullException.ThrowIfNull(mysql);
        hasTime = false;
        var sb = new StringBuilder();
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length > 0)
            {
                sb.Append('"').Append(literal.Replace("\"", "\\\"")).Append('"');
                literal.Clear();
            }
        }

        for (var i = 0; i < mysql.Length; i++)
        {
            if (mysql[i] != '%' || i + 1 >= mysql.Length)
            {
                literal.Append(mysql[i]);
                continue;
            }

            var spec = mysql[++i];
            if (spec == '%')
            {
                literal.Append('%');
                continue;
            }

            Flush();
            var (pg, time) = spec switch
            {
                'Y' => ("YYYY", false),
                'y' => ("YY", false),
                'm' => ("MM", false),
                'c' => ("FMMM", false),
                'd' => ("DD", false),
                'e' => ("FMDD", false),
                'j' => ("DDD", false),
                'M' => ("FMMonth", false),
                'b' => ("Mon", false),
                'W' => ("FMDay", false),
                'a' => ("Dy", false),
                'H' => ("HH24", true),
                'k' => ("FMHH24", true),
                'h' or 'I' => ("HH12", true),
                'l' => ("FMHH12", true),
                'i' => ("MI", true),
                's' or 'S' => ("SS", true),
                'f' => ("US", true),
                'p' => ("AM", true),
                'T' => ("HH24:MI:SS", true),
                'r' => ("HH12:MI:SS AM", true),
                _ => throw new UntranslatableException($"DATE_FORMAT specifier %{spec}"),
            };
            hasTime |= time;
            sb.Append(pg);
        }

        Flush();
        return sb.ToString();
    }
}
