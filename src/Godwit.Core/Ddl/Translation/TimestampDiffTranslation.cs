namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// MySQL's <c>TIMESTAMPDIFF(unit, a, b)</c>: whole units from a to b, truncated toward zero. SECOND … WEEK count the
/// elapsed time; MONTH, QUARTER and YEAR count calendar months as PostgreSQL's <c>age(b, a)</c> does (a month is
/// complete when the day and time of month are reached, as in MySQL: 01-31 to 02-28 is 0 months).
/// </summary>
internal static class TimestampDiffTranslation
{
    public static string Translate(SqlCall call, PgExpressionPrinter printer)
    {
        var args = call.Arguments;
        if (args.Count != 3 || args[0] is not [SqlLeaf { Token.Kind: SqlTokenKind.Word } unit])
        {
            throw new UntranslatableException("TIMESTAMPDIFF() needs a unit and two values");
        }

        var from = $"({printer.Print(args[1])})::timestamp";
        var to = $"({printer.Print(args[2])})::timestamp";
        var seconds = $"extract(epoch from {to} - {from})";
        var months = $"(extract(year from age({to}, {from})) * 12 + extract(month from age({to}, {from})))";
        return unit.Token.Text.ToLowerInvariant() switch
        {
            "microsecond" or "frac_second" => $"trunc({seconds} * 1000000)::bigint",
            "second" => $"trunc({seconds})::bigint",
            "minute" => $"trunc({seconds} / 60)::bigint",
            "hour" => $"trunc({seconds} / 3600)::bigint",
            "day" => $"trunc({seconds} / 86400)::bigint",
            "week" => $"trunc({seconds} / 604800)::bigint",
            "month" => $"{months}::bigint",
            "quarter" => $"trunc({months} / 3)::bigint",
            "year" => $"trunc({months} / 12)::bigint",
            var other => throw new UntranslatableException($"TIMESTAMPDIFF() by {other.ToUpperInvariant()}"),
        };
    }
}
