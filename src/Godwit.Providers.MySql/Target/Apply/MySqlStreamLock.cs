using System.Security.Cryptography;
using System.Text;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>
/// The lock that makes one process apply a stream: a named lock (<c>GET_LOCK</c>) held by the apply connection, so it
/// goes with the connection. Lock names are limited to 64 characters, so a stream is named by a hash of its id.
/// </summary>
internal static class MySqlStreamLock
{
    public static async Task<bool> TryAcquireAsync(MySqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync("SELECT GET_LOCK(?, 0)", cancellationToken);
        await using var reader = await statement.QueryAsync([Name(stream)], cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) && reader.GetInt64(0) == 1;
    }

    /// <summary>The connection id holding the stream's lock, or null.</summary>
    public static async Task<long?> HolderAsync(MySqlConnection connection, string stream, CancellationToken cancellationToken)
    {
        await using var statement = await connection.PrepareAsync("SELECT IS_USED_LOCK(?)", cancellationToken);
        await using var reader = await statement.QueryAsync([Name(stream)], cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetInt64(0) : null;
    }

    private static string Name(string stream) =>
        "godwit_stream_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stream)))[..40];
}
