using Godwit.Core.Positions;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;
using Godwit.Core.Sync;
using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.Providers.MySql.Streaming;

/// <summary>
/// A MySQL or MariaDB binlog as the sync engine's change stream: each event the engine acts on becomes a
/// <see cref="ChangeEvent"/>; the rest (rotations, format descriptions, row-less queries) are passed over here, and
/// the checkpoint moves past them.
/// </summary>
internal sealed class BinlogChangeSource : IChangeSource
{
    private readonly BinlogClient _client;
    private readonly BinlogColumnHints _hints;
    private readonly BinlogChangeTables _tables = new();
    private BinlogCheckpoint? _checkpointOf;
    private StreamPosition? _checkpoint;

    private BinlogChangeSource(BinlogClient client, BinlogColumnHints hints)
    {
        _client = client;
        _hints = hints;
    }

    public StreamPosition? Checkpoint
    {
        get
        {
            // Made once per checkpoint the client reaches (a transaction's end), not on every read.
            var at = _client.Checkpoint;
            if (!ReferenceEquals(at, _checkpointOf))
            {
                _checkpointOf = at;
                _checkpoint = at.Position is { } p ? MySqlPositionCodec.Checkpoint(p.FileName, p.Position, at.Gtids) : null;
            }

            return _checkpoint;
        }
    }

    public static async Task<BinlogChangeSource> StartAsync(Godwit.MySql.MySqlConnectionSettings settings, uint serverId, ChangeSourceOptions options, CancellationToken cancellationToken)
    {
        var hints = new BinlogColumnHints();
        ColumnHints.Fill(hints, options.Schema);
        var client = await BinlogClient.StartAsync(
            settings,
            new BinlogClientOptions { ServerId = serverId, Start = StartOf(options.Start), HeartbeatPeriod = options.HeartbeatPeriod, ColumnHints = hints },
            cancellationToken);
        return new BinlogChangeSource(client, hints);
    }

    /// <summary>The binlog is kept by the server's own retention, not by its readers: nothing to release.</summary>
    public void Acknowledge(StreamPosition committed)
    {
    }

    /// <summary>The transaction being read was written by Godwit's own apply (its marker came first): its rows are not passed on.</summary>
    private bool _godwitTransaction;

    public void UseSchema(SourceDatabase schema) => ColumnHints.Fill(_hints, schema);

    /// <summary>The row Godwit's MySQL apply writes first in each of its transactions (<c>godwit.sync_state</c>).</summary>
    private static bool IsGodwitMarker(Godwit.MySql.Binlog.BinlogTableMap table) =>
        table.Database == "godwit" && table.Table == "sync_state";

    public async ValueTask<ChangeEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await _client.ReadAsync(cancellationToken) is not { } binlogEvent)
            {
                return null;
            }

            if (Convert(binlogEvent) is { } change)
            {
                return change;
            }
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    /// <summary>Where the dump starts: the coordinates when the position has them (a saved checkpoint), else its GTIDs.</summary>
    private static BinlogStart StartOf(StreamPosition start) => MySqlPositionCodec.Parts(start) switch
    {
        ({ } file, { } offset, _) => BinlogStart.FromPosition(file, offset),
        (_, _, { } gtids) => BinlogStarts.FromGtids(gtids),
        _ => throw new ArgumentException($"{start} is not a binlog position", nameof(start)),
    };

    /// <summary>Where an event ends, as a stream position (made only when asked for).</summary>
    internal static StreamPosition? PositionOf(BinlogEvent binlogEvent) =>
        binlogEvent.Position is { } at ? MySqlPositionCodec.Coordinates(at.FileName, at.Position) : null;

    private ChangeEvent? Convert(BinlogEvent binlogEvent)
    {
        switch (binlogEvent)
        {
            case HeartbeatEvent heartbeat:
                return new ChangeHeartbeat(
                    MySqlPositionCodec.Coordinates(heartbeat.FileName, heartbeat.SourcePosition),
                    MySqlPositionCodec.Checkpoint(heartbeat.FileName, heartbeat.SourcePosition, _client.Checkpoint.Gtids));
            case MariaDbGtidEvent or MySqlGtidEvent:
                _godwitTransaction = false;
                return ChangeBegin.Instance;
            case TableMapEvent:
                return ChangeBegin.Instance;
            case QueryEvent { IsBegin: true }:
                _godwitTransaction = false;
                return ChangeBegin.Instance;
            case RowsEvent rows when IsGodwitMarker(rows.Table):
                // Godwit's own apply on this server (a reverse stream after a cutover) writes its state row first in every
                // transaction: what follows came from the other database, and sending it back would loop.
                _godwitTransaction = true;
                return null;
            case RowsEvent when _godwitTransaction:
                return null;
            case RowsEvent rows:
                return new BinlogChangeRows(rows, _tables.For(rows.Table));
            case QueryEvent query when binlogEvent.EndsTransaction && !query.IsCommit && !query.IsRollback:
                // A DDL statement: MySQL commits implicitly around it, so it is a transaction of its own.
                return new ChangeSchema(query.Query, query.Database, MySqlDdlParser.Parse(query.Query), endsTransaction: true) { Position = PositionOf(binlogEvent) };
            case QueryEvent query when !query.IsCommit && !query.IsRollback && !binlogEvent.EndsTransaction
                && query.Query.TrimStart().StartsWith("CREATE", StringComparison.OrdinalIgnoreCase)
                && MySqlDdlParser.Parse(query.Query) is var ddl && ddl.Actions.Any(a => a.Kind == SourceDdlKind.CreateTable):
                // CREATE TABLE … SELECT: logged inside the transaction that inserts the selected rows.
                return new ChangeSchema(query.Query, query.Database, ddl, endsTransaction: false) { Position = PositionOf(binlogEvent) };
            case { EndsTransaction: true }:
                _godwitTransaction = false;
                return ChangeCommit.Instance;
            default:
                return null;
        }
    }
}
