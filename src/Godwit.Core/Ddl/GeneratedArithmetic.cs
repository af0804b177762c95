using Godwit.Core.Types;

namespace Godwit.Core.Ddl;

/// <summary>
/// Where a generated column's arithmetic would differ between the engines. MySQL computes integer arithmetic in 64
/// bits and then stores what fits the column (clamped, with a warning, outside strict mode); PostgreSQL computes
/// <c>int4 * int4</c> in int4 and fails with "integer out of range". So integer column references are widened to
/// bigint, and a generated column whose own type is narrower than bigint and whose expression does arithmetic is
/// copied as data instead of recomputed: its values cannot be proven equal.
/// </summary>
public static class GeneratedArithmetic
{
    /// <summary>A generated column of type smallint/integer whose expression does arithmetic.</summary>
    public static bool NarrowIntegerResult(PgColumnMapping column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Source.IsGenerated
            && column.Cast.Conversion.Kind is ValueConversionKind.Int16 or ValueConversionKind.Int32
            && HasArithmetic(column.Source.GenerationExpression!);
    }

    /// <summary>Whether a column of the table is an integer on the target (its references are widened to bigint).</summary>
    public static bool IsIntegerColumn(PgTableMapping table, string name)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Columns.FirstOrDefault(c => string.Equals(c.Source.Name, name, StringComparison.OrdinalIgnoreCase))?.Cast.Conversion.Kind
            is ValueConversionKind.Int16 or ValueConversionKind.Int32 or ValueConversionKind.Int64;
    }

    /// <summary>An arithmetic operator (+ - * / %, DIV, MOD) outside string literals and quoted identifiers.</summary>
    public static bool HasArithmetic(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        char? quote = null;
        for (var i = 0; i < expression.Length; i++)
        {
            var ch = expression[i];
            if (quote is { } q)
            {
                if (ch == '\\' && q != '`')
                {
                    i++;
                }
                else if (ch == q)
                {
                    quote = null;
                }

                continue;
            }

            if (ch is '\'' or '"' or '`')
            {
                quote = ch;
            }
            else if (ch is '+' or '-' or '*' or '/' or '%')
            {
                return true;
            }
            else if (char.IsLetter(ch) && (i == 0 || !IsWordChar(expression[i - 1])))
            {
                var end = i;
                while (end < expression.Length && IsWordChar(expression[end]))
                {
                    end++;
                }

                var word = expression[i..end];
                if (word.Equals("div", StringComparison.OrdinalIgnoreCase) || word.Equals("mod", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                i = end - 1;
            }
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
