using Godwit.Core.Assessment;
using Godwit.Core.Ddl;
using Npgsql;

namespace Godwit.Postgres.Schema;

/// <summary>
/// Runs a schema plan on the target inside one transaction that is always rolled back, each statement in a
/// savepoint of its own, and says which statements PostgreSQL refuses: the only sure way to know whether a
/// translated view is one PostgreSQL accepts (MySQL lets a view select columns its GROUP BY does not name, PostgreSQL
/// does not, unless they depend on a grouped primary key). The plan must be written for a schema of its own that does
/// not exist yet, so nothing of the real target is touched; nothing is left behind.
/// </summary>
public static class PgSchemaRehearsal
{
    public static async Task<IReadOnlyList<RehearsalFailure>> RunAsync(NpgsqlConnection connection, IReadOnlyList<DdlStatement> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statements);
        var failures = new List<RehearsalFailure>();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Never wait on the real target's locks (a type or a referenced table another session holds).
        await using (var timeout = new NpgsqlCommand("SET LOCAL lock_timeout = '5s'", connection, transaction))
        {
            await timeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var statement in statements)
        {
            await transaction.SaveAsync("godwit_rehearsal", cancellationToken).ConfigureAwait(false);
            try
            {
                await using var cmd = new NpgsqlCommand(statement.Sql, connection, transaction);
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.ReleaseAsync("godwit_rehearsal", cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                await transaction.RollbackAsync("godwit_rehearsal", cancellationToken).ConfigureAwait(false);
                failures.Add(new RehearsalFailure(statement, $"{ex.SqlState}: {ex.MessageText}"));
            }
        }

        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        return failures;
    }
}
