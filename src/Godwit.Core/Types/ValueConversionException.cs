namespace Godwit.Core.Types;

/// <summary>A source value that cannot be converted. Never swallowed: the message names table, column and value.</summary>
public sealed class ValueConversionException : Exception
{
    public ValueConversionException(string column, string value, string reason)
        : base($"{column}: cannot convert value {value}: {reason}")
    {
        Column = column;
        Value = value;
        Reason = reason;
    }

    public ValueConversionException()
    {
        Column = Value = Reason = string.Empty;
    }

    public ValueConversionException(string message)
        : base(message)
    {
        Column = Value = Reason = string.Empty;
    }

    public ValueConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Column = Value = Reason = string.Empty;
    }

    /// <summary><c>db.table.column</c>.</summary>
    public string Column { get; }

    /// <summary>The value as shown in the message (quoted text, or hex for binary, truncated).</summary>
    public string Value { get; }

    public string Reason { get; }

    /// <summary>Shows a value safely: quoted UTF-8 when printable, else <c>0x…</c> hex; at most 64 bytes.</summary>
    public static string Display(ReadOnlySpan<byte> value)
    {
        const int Max = 64;
        var shown = value.Length > Max ? value[..Max] : value;
        var suffix = value.Length > Max ? $"… ({value.Length} bytes)" : string.Empty;
        var printable = System.Text.Unicode.Utf8.IsValid(shown);
        if (printable)
        {
            foreach (var b in shown)
            {
                if (b < 0x20 || b == 0x7f)
                {
                    printable = false;
                    break;
                }
            }
        }

        return printable
            ? "'" + System.Text.Encoding.UTF8.GetString(shown).Replace("'", "''", StringComparison.Ordinal) + "'" + suffix
            : "0x" + Convert.ToHexString(shown) + suffix;
    }
}
