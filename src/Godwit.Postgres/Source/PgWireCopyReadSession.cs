using Godwit.Postgres.Wire;

namespace Godwit.Postgres.Source;

/// <summary>A copy worker's session through <see cref="PgWireConnection"/> (blocking reads, several rows per read).</summary>
internal sealed class PgWireCopyReadSession(PgWireConnection connection) : IPgCopyReadSession
{
    public Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        connection.Execute(sql);
        return Task.CompletedTask;
    }

    public Task<Stream> BeginCopyOutAsync(string sql, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<Stream>(connection.BeginCopyOut(sql, cancellationToken));
    }

    public ValueTask DisposeAsync()
    {
        connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
