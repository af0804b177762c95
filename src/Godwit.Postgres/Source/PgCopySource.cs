using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Positions;
using Godwit.Postgres.Replication;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// The bulk copy's source on PostgreSQL. Before the snapshot it sets up what the stream reads through
/// (<see cref="PgStreamSetup"/>: publication, then the permanent slot, which from then on keeps every change), and
/// a snapshot exported by a slot: every worker imports it, and its consistent point is where
/// the stream starts. The exporting connection stays open until the copy ends (the snapshot lives only as long as it:
/// pgcopydb #582, #720, #773). The first attempt exports from the new permanent slot itself; a resumed copy exports
/// from a temporary slot, while the permanent one still holds the changes since the first attempt's position, from
/// which the stream replays.
/// </summary>
internal sealed class PgCopySource(ConnectionUri uri, string slot, bool everySchema) : ICopySource
{
    private readonly List<PgCopyWorker> _workers = [];
    private PgSlotSnapshot? _snapshot;

    public async Task<IReadOnlyList<ChunkSpec>> PlanChunksAsync(CopyTable table, long chunkRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        return await PgChunkPlanner.PlanAsync(connection, table, chunkRows, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SnapshotInfo> OpenSnapshotAsync(IReadOnlyList<CopyTable> tables, int workers, SnapshotMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var names = tables.Select(t => new PgTableName(t.Mapping.Source.Schema, t.Mapping.Source.Name)).ToList();
        var settings = PgConnectionFactory.ToConnectionString(uri);
        bool existing;
        await using (var connection = await PgConnectionFactory.OpenAsync(uri, cancellationToken).ConfigureAwait(false))
        {
            var keyless = await PgStreamSetup.WithoutIdentityAsync(connection, names, cancellationToken).ConfigureAwait(false);
            if (keyless.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{string.Join(", ", keyless)} cannot log its old rows (no primary key and REPLICA IDENTITY DEFAULT, or NOTHING): "
                    + "published for the change stream, the application's own UPDATE and DELETE on it would fail. "
                    + "Run `godwit assess --fix` (it sets REPLICA IDENTITY USING INDEX on a unique NOT NULL index, else FULL), or leave the table out with --exclude.");
            }

            if (names.Count > 0)
            {
                await PgStreamSetup.EnsurePublicationAsync(connection, slot, names, everySchema, cancellationToken).ConfigureAwait(false);
            }

            existing = await PgReplicationSlots.ExistsUnheldAsync(connection, slot, cancellationToken).ConfigureAwait(false);
        }

        // A new slot exports its own snapshot; an existing one (a resumed copy) keeps the changes since its first
        // attempt, and a temporary slot exports this attempt's. Each creation waits for a consistent point: under
        // load, up to the next running-transactions record (the bgwriter logs one every 15 s).
        _snapshot = existing
            ? await PgReplicationSlots.CreateWithSnapshotAsync(settings, PgSlotNames.ForSnapshot(slot), cancellationToken, temporary: true).ConfigureAwait(false)
            : await PgReplicationSlots.CreateWithSnapshotAsync(settings, slot, cancellationToken).ConfigureAwait(false);
        var position = PgLsnCodec.FromLsn((ulong)_snapshot.ConsistentPoint);
        // COPY TO streams megabytes in one small message per row: fewer, larger socket reads than the default 8 KiB.
        var worker = PgConnectionFactory.ToConnectionString(uri);
        worker.Pooling = false;
        worker.ReadBufferSize = 256 * 1024;
        for (var i = 0; i < workers; i++)
        {
            var session = await PgCopyReadSessions.OpenAsync(worker, uri, cancellationToken).ConfigureAwait(false);
            try
            {
                _workers.Add(await PgCopyWorker.OpenAsync(session, _snapshot.SnapshotName, position, cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return new SnapshotInfo(SnapshotMethod.SlotSnapshot, position, null) { WorkerPositions = [.. _workers.Select(_ => (StreamPosition?)position)] };
    }

    public ISourceWorker Worker(int index) => _workers[index];

    public bool IsSnapshotBound(ChunkSpec chunk) => PgChunkPlanner.IsPageRange(chunk);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }

        _workers.Clear();
        if (_snapshot is not null)
        {
            await _snapshot.DisposeAsync().ConfigureAwait(false);
            _snapshot = null;
        }
    }
}
