using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>
/// PostgreSQL as the copy's target: binary COPY per chunk (<see cref="PgBatchWriter"/>), the run's bookkeeping in the
/// <c>godwit</c> schema (<see cref="PgCopyStore"/>) and the post-data phase (<see cref="PgPostData"/>).
/// </summary>
public sealed class PgCopySink : ICopySink
{
    private readonly ConnectionUri _target;
    private readonly string _connectionString;

    public PgCopySink(ConnectionUri target, int jobs)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        var b = PgConnectionFactory.ToConnectionString(target);
        b.CommandTimeout = 0;

        // COPY streams megabytes: fewer, larger socket writes than the default 8 KiB buffer.
        b.WriteBufferSize = 256 * 1024;
        b.MaxPoolSize = Math.Max(64, (jobs * 2) + 4);
        _connectionString = b.ConnectionString;
    }

    public async Task<ICopyRunStore> OpenRunStoreAsync(CancellationToken cancellationToken) => new PgCopyRunStore(await OpenAsync(cancellationToken));

    public async Task<ICopyChunkWriter> OpenWriterAsync(long runId, Core.Specs.OnErrorMode onError, Action<RejectRecord>? reject, CancellationToken cancellationToken)
    {
        var pg = await OpenAsync(cancellationToken);
        try
        {
            await pg.ReloadTypesAsync(cancellationToken);
            await using (var setup = new NpgsqlCommand("SET synchronous_commit = off; SET statement_timeout = 0; SET lock_timeout = 0", pg))
            {
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            // The target's triggers and FK checks do not fire for copied rows (superuser only; harmless when refused).
            try
            {
                await using var replica = new NpgsqlCommand("SET session_replication_role = replica", pg);
                await replica.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException)
            {
            }

            return new PgCopyChunkWriter(pg, runId, onError, reject);
        }
        catch
        {
            await pg.DisposeAsync();
            throw;
        }
    }

    public ICopyPostData PostData(PgSchemaPlan plan, int jobs, CopyProgress progress, long runId, bool mixedSnapshots) =>
        new PgPostData(plan, OpenAsync, jobs, progress, runId, mixedSnapshots);

    private Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => PgConnectionFactory.OpenAsync(_connectionString, _target, cancellationToken);
}
