using System.Globalization;
using Godwit.Core.Connections;
using Godwit.MySql.Binlog;
using Godwit.Postgres.Apply;

namespace Godwit.Cli.Sync;

/// <summary>
/// What a stream settles on the target before it reads the source: the stream's lock (one process applies a stream
/// at a time) and where it starts: <c>--from</c> on the first connection, else what the target has committed, else
/// where the copy's snapshots began (<c>godwit.cdc_start</c>).
/// </summary>
internal static class StreamStartup
{
    /// <summary>
    /// Takes the stream's lock. Two processes would interleave transactions; the lock also tells cutover and status the
    /// stream is live. After a reconnect the old session may take a moment to go, so it waits a little.
    /// </summary>
    public static async Task LockAsync(PgApplySession session, string stream, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (!await PgStreamLock.TryAcquireAsync(session.Connection, stream, ct))
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                var pid = await PgStreamLock.HolderAsync(session.Connection, stream, ct);
                throw new CliException(
                    $"stream {stream} is already being applied by another godwit process (PostgreSQL backend pid {pid?.ToString(CultureInfo.InvariantCulture) ?? "?"}): "
                    + "stop it first, or give this one another --stream name.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    /// <summary>Where the stream starts, and the position the target holds at that point (null when only GTIDs say it).</summary>
    /// <param name="explicitStart"><c>--from</c>/<c>--from-gtid</c>, on the stream's first connection only (a reconnect resumes from what was committed).</param>
    public static async Task<(BinlogStart Start, BinlogPosition? Committed)> ResolveAsync(
        PgApplySession session, string stream, string database, string schema, BinlogStart? explicitStart, ConnectionUri target, CancellationToken ct)
    {
        var connection = session.Connection;
        if (explicitStart is not null)
        {
            await PgSyncStateStore.InitializeAsync(
                connection, stream, database, schema, explicitStart.Position?.FileName, explicitStart.Position?.Position,
                explicitStart.MariaDbGtids?.ToString() ?? explicitStart.MySqlGtids?.ToString(), ct);
            return (explicitStart, explicitStart.Position);
        }

        var state = await PgSyncStateStore.ReadAsync(connection, stream, ct);
        if (state is { BinlogFile: { } file, BinlogPos: { } pos })
        {
            var committed = new BinlogPosition(file, pos);
            return (BinlogStart.FromPosition(committed), committed);
        }

        if (state?.Gtid is { } savedGtid)
        {
            return (BinlogStart.FromGtids(savedGtid), null);
        }

        var cdc = await PgSyncStateStore.ReadCdcStartAsync(connection, stream, ct)
            ?? throw new CliException(
                $"no sync state for stream {stream} and no copy position in {target}: run `godwit migrate` first, "
                + "or give the start with --from FILE:POS or --from-gtid GTIDS.");
        await PgSyncStateStore.InitializeAsync(connection, stream, database, schema, cdc.BinlogFile, cdc.BinlogPos, cdc.Gtid, ct);
        if (cdc.BinlogFile is { } cdcFile && cdc.BinlogPos is { } cdcPos)
        {
            var committed = new BinlogPosition(cdcFile, cdcPos);
            return (BinlogStart.FromPosition(committed), committed);
        }

        return cdc.Gtid is { } gtid
            ? (BinlogStart.FromGtids(gtid), null)
            : throw new CliException($"the copy run {cdc.RunId} recorded no source position; give one with --from.");
    }
}
