namespace Godwit.Postgres.Source;

/// <summary>A copy worker's session on the source: statements, and COPY TO STDOUT read as a stream of its data.</summary>
internal interface IPgCopyReadSession : IAsyncDisposable
{
    Task ExecuteAsync(string sql, CancellationToken cancellationToken);

    Task<Stream> BeginCopyOutAsync(string sql, CancellationToken cancellationToken);
}
