using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>A copy worker's session through Npgsql: used where the wire client does not go (TLS, some authentication methods).</summary>
internal sealed class NpgsqlCopyReadSession(NpgsqlConnection connection) : IPgCopyReadSession
{
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> BeginCopyOutAsync(string sql, CancellationToken cancellationToken) =>
        await connection.BeginRawBinaryCopyAsync(sql, cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
