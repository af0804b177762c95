namespace Godwit.Postgres.Apply;

/// <summary>
/// A change the stream cannot apply, named like a copy's bad row: <c>db.t: row id=5, column v, value NULL: reason</c>.
/// The PostgreSQL error (or the conversion's) is the inner exception, so retry decisions still see it.
/// </summary>
public sealed class PgApplyRowException : Exception
{
    public PgApplyRowException(string table, string key, string? column, string? value, string reason, Exception? inner = null)
        : base($"{table}: row {key}" + (column is null ? string.Empty : $", column {column}") + (value is null ? string.Empty : $", value {value}") + $": {reason}", inner)
    {
        Table = table;
        Key = key;
        Column = column;
        Reason = reason;
    }

    public PgApplyRowException()
        : this(string.Empty, string.Empty, null, null, string.Empty)
    {
    }

    public PgApplyRowException(string message)
        : this(string.Empty, string.Empty, null, null, message)
    {
    }

    public PgApplyRowException(string message, Exception innerException)
        : this(string.Empty, string.Empty, null, null, message, innerException)
    {
    }

    public string Table { get; }

    public string Key { get; }

    public string? Column { get; }

    public string Reason { get; }
}
