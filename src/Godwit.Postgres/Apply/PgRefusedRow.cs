using System.Globalization;
using System.Text;
using Godwit.Core.Types;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// Turns the error PostgreSQL gives for one apply statement of a batch into a <see cref="PgApplyRowException"/> that
/// names the table, the row's key, the column and its value, as the copy does for a row it refuses. PostgreSQL names
/// the column for some errors only (NOT NULL); a value it cannot store (a NUL character in text, <c>\u0000</c> in
/// JSON) is found among the statement's parameters.
/// </summary>
public static class PgRefusedRow
{
    public static PgApplyRowException Describe(PostgresException error, PgRowStatement statement, NpgsqlParameterCollection parameters)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(parameters);
        var key = (statement.HasKey ? string.Empty : "(no primary key) ")
            + string.Join(", ", statement.KeyParameters.Take(statement.HasKey ? int.MaxValue : 3).Select(i => $"{statement.SourceColumns[i]}={Show(parameters[i].Value)}"));
        var at = ColumnParameter(error, statement, parameters);
        var reason = error.SqlState + ": " + error.MessageText
            + (error.ConstraintName is null ? string.Empty : $" (constraint {error.ConstraintName})")
            + (string.IsNullOrEmpty(error.Detail) || error.Detail.StartsWith("Detail redacted", StringComparison.Ordinal) ? string.Empty : $". {error.Detail}")
            + Advice(error, statement);
        return new PgApplyRowException(
            statement.Table, key, at < 0 ? error.ColumnName : statement.SourceColumns[at], at < 0 ? null : Show(parameters[at].Value), reason, error);
    }

    private static int ColumnParameter(PostgresException error, PgRowStatement statement, NpgsqlParameterCollection parameters)
    {
        if (error.ColumnName is { Length: > 0 } named)
        {
            for (var i = 0; i < statement.TargetColumns.Count; i++)
            {
                if (statement.TargetColumns[i] == named)
                {
                    return i;
                }
            }

            return -1;
        }

        if (!error.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            return -1;
        }

        // 22021 (a NUL byte in text), 22P05 (\u0000 in jsonb): PostgreSQL cannot store it, and does not say where.
        for (var i = 0; i < parameters.Count && i < statement.SourceColumns.Count; i++)
        {
            if (parameters[i].Value is string s && (s.Contains('\0', StringComparison.Ordinal) || s.Contains("\\u0000", StringComparison.Ordinal)))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Advice(PostgresException error, PgRowStatement statement) => error.SqlState switch
    {
        // 42P10: ON CONFLICT names the primary key, which the target table lacks.
        PostgresErrorCodes.InvalidColumnReference when error.MessageText.Contains("ON CONFLICT", StringComparison.Ordinal) =>
            $". The target table has no primary key on ({string.Join(", ", statement.KeyParameters.Select(i => statement.TargetColumns[i]))}) yet: "
            + "the copy that made it did not finish (keys are made after the rows). Finish it with `godwit migrate` (it resumes where it stopped), then stream",
        PostgresErrorCodes.NotNullViolation =>
            ". The source wrote NULL where the target's column is NOT NULL: make the column NULL-able on the target, or fix the row on the source",
        PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.CharacterNotInRepertoire =>
            ". PostgreSQL cannot store this character: change the value on the source, or map the column to bytea with a type rule",
        _ => string.Empty,
    };

    /// <summary>A parameter's value as the copy shows values: NULL, digits as they are, text quoted and escaped, truncated.</summary>
    private static string Show(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => ValueConversionException.Display(Encoding.UTF8.GetBytes(s)),
        byte[] b => ValueConversionException.Display(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };
}
