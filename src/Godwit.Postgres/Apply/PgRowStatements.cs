using System.Collections.Concurrent;
using Npgsql;

namespace Godwit.Postgres.Apply;

/// <summary>
/// The apply statements of one stream by text (<see cref="PgRowStatement"/>): each table registers a text once, when
/// it first builds it, and a refused batch command is looked up by its text. A handful of texts per table.
/// </summary>
public sealed class PgRowStatements
{
    private readonly ConcurrentDictionary<string, PgRowStatement> _byText = new(StringComparer.Ordinal);

    public void Register(string commandText, PgRowStatement statement) => _byText[commandText] = statement;

    public PgRowStatement? Find(string commandText) => _byText.GetValueOrDefault(commandText);

    /// <summary>The refused row a batch error is about, named by table, key and column; null when the failed command is not one of ours.</summary>
    public PgApplyRowException? Name(PostgresException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.BatchCommand is { } failed && Find(failed.CommandText) is { } statement
            ? PgRefusedRow.Describe(error, statement, failed.Parameters)
            : null;
    }
}
