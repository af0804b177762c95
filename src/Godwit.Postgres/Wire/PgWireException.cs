namespace Godwit.Postgres.Wire;

/// <summary>An ErrorResponse from the server (protocol docs, "Error and Notice Message Fields"), or a broken exchange.</summary>
public sealed class PgWireException : Exception
{
    public PgWireException()
    {
    }

    public PgWireException(string message)
        : base(message)
    {
    }

    public PgWireException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PgWireException(string sqlState, string messageText)
        : base($"{sqlState}: {messageText}")
    {
        SqlState = sqlState;
        MessageText = messageText;
    }

    /// <summary>The SQLSTATE code (field 'C'); null for a broken exchange.</summary>
    public string? SqlState { get; }

    /// <summary>The primary message (field 'M').</summary>
    public string? MessageText { get; }

    /// <summary>Reads an ErrorResponse's fields: a type byte then a NUL-terminated string each, ended by a NUL.</summary>
    public static PgWireException FromErrorResponse(ReadOnlySpan<byte> body)
    {
        string code = "XX000", message = "(no message)";
        while (body.Length > 0 && body[0] != 0)
        {
            var field = (char)body[0];
            body = body[1..];
            if (!PgWireStrings.TryRead(ref body, out var value))
            {
                break;
            }

            if (field == 'C')
            {
                code = value;
            }
            else if (field == 'M')
            {
                message = value;
            }
        }

        return new PgWireException(code, message);
    }
}
