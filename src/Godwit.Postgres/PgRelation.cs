using Npgsql;

namespace Godwit.Postgres;

/// <summary>Whether a table or view exists, for the <c>godwit</c> bookkeeping tables a target may not have yet.</summary>
internal static class PgRelation
{
    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string relation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relation });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
