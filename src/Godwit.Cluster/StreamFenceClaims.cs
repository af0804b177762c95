using Godwit.Core.Connections;
using Godwit.Postgres;
using Godwit.Postgres.Apply;

namespace Godwit.Cluster;

/// <summary>A stream grain's side of the stream fence (<see cref="PgStreamFence"/>) in the target: claim an epoch, read the current one.</summary>
public static class StreamFenceClaims
{
    public static async Task<long> ClaimAsync(ConnectionUri target, string stream, CancellationToken cancellationToken)
    {
        Require(target);
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        return await PgStreamFence.ClaimAsync(connection, stream, cancellationToken);
    }

    public static async Task<long?> CurrentAsync(ConnectionUri target, string stream, CancellationToken cancellationToken)
    {
        Require(target);
        await using var connection = await PgConnectionFactory.OpenAsync(target, cancellationToken);
        return await PgStreamFence.CurrentAsync(connection, stream, cancellationToken);
    }

    /// <summary>The fence lives in the PostgreSQL state store only; a MySQL target's apply would not check it.</summary>
    public static void Require(ConnectionUri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Engine != DatabaseEngine.Postgres)
        {
            throw new InvalidOperationException(
                $"a stream on the cluster needs a PostgreSQL target (its apply commits check the stream's fence there); {target} is {target.Engine}.");
        }
    }
}
