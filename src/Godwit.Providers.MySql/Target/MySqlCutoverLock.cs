using System.Security.Cryptography;
using System.Text;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target;

/// <summary>The lock that makes one cutover of a target database run at a time: a named lock held by a connection of its own until disposed.</summary>
internal sealed class MySqlCutoverLock : IAsyncDisposable
{
    private readonly MySqlConnection _connection;

    private MySqlCutoverLock(MySqlConnection connection)
    {
        _connection = connection;
    }

    /// <summary>The lock, or null when another cutover of <paramref name="schema"/> holds it.</summary>
    public static async Task<MySqlCutoverLock?> TryTakeAsync(MySqlTargetSessions sessions, string schema, CancellationToken cancellationToken)
    {
        var connection = await sessions.OpenAsync(cancellationToken);
        try
        {
            // Lock names are limited to 64 characters: the schema is named by a hash.
            var name = "godwit_cutover_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..40];
            await using var statement = await connection.PrepareAsync("SELECT GET_LOCK(?, 0)", cancellationToken);
            long got;
            await using (var reader = await statement.QueryAsync([name], cancellationToken))
            {
                got = await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetInt64(0) : 0;
            }

            if (got == 1)
            {
                return new MySqlCutoverLock(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
