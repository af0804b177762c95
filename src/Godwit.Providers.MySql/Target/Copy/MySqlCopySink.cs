using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Copy;

/// <summary>
/// MySQL/MariaDB as the copy's target: LOAD DATA LOCAL per batch inside each chunk's transaction
/// (<see cref="MySqlBatchLoader"/>), the run's bookkeeping in the <c>godwit</c> database (<see cref="MySqlCopyStore"/>)
/// and the views and routines at the end (<see cref="MySqlPostData"/>).
/// </summary>
internal sealed class MySqlCopySink(MySqlTargetSessions sessions) : ICopySink
{
    public async Task<ICopyRunStore> OpenRunStoreAsync(CancellationToken cancellationToken) => new MySqlCopyRunStore(await sessions.OpenAsync(cancellationToken));

    public async Task<ICopyChunkWriter> OpenWriterAsync(long runId, OnErrorMode onError, Action<RejectRecord>? reject, CancellationToken cancellationToken)
    {
        var connection = await sessions.OpenAsync(cancellationToken, localInfile: true);
        try
        {
            // Chunks of a child table may land before its parent's: the source's rows satisfied the keys already.
            await connection.ExecuteAsync("SET SESSION foreign_key_checks = 0", cancellationToken);
            return new MySqlCopyChunkWriter(connection, runId, onError, reject);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ICopyPostData PostData(PgSchemaPlan plan, int jobs, CopyProgress progress, long runId, bool mixedSnapshots) =>
        new MySqlPostData(plan, ct => sessions.OpenAsync(ct));
}
