using Godwit.MySql.Binlog.Events;
using Godwit.MySql.Binlog.Gtids;

namespace Godwit.MySql.Binlog;

/// <summary>
/// Follows transaction boundaries to know when a checkpoint is safe: after XID, after a COMMIT (or
/// ROLLBACK) query closing an explicit transaction, and after a statement that is a transaction of
/// its own (DDL: a MariaDB GTID with FL_STANDALONE, or a MySQL GTID not followed by BEGIN). Keeps
/// the GTID state at the last boundary: complete when the stream started from GTIDs, otherwise only
/// the GTIDs seen since the start.
/// </summary>
internal sealed class BinlogTransactionTracker
{
    private readonly MySqlGtidSet? _mySqlGtids;
    private MariaDbGtidPosition? _mariaDbGtids;
    private MariaDbGtid? _pendingMariaDb;
    private MySqlGtidEvent? _pendingMySql;
    private bool _explicit;

    public BinlogTransactionTracker(BinlogStart start, bool isMariaDb)
    {
        if (isMariaDb)
        {
            _mariaDbGtids = start.MariaDbGtids ?? MariaDbGtidPosition.Empty;
        }
        else
        {
            _mySqlGtids = start.MySqlGtids is { } set ? MySqlGtidSet.Parse(set.ToString()) : new MySqlGtidSet();
        }

        Checkpoint = new BinlogCheckpoint(start.Position, GtidText());
    }

    public BinlogCheckpoint Checkpoint { get; private set; }

    public bool InTransaction => _explicit || _pendingMariaDb is not null || _pendingMySql is not null;

    /// <summary>Updates the state with <paramref name="binlogEvent"/>; true when it ended a transaction.</summary>
    public bool Observe(BinlogEvent binlogEvent)
    {
        switch (binlogEvent)
        {
            case MariaDbGtidEvent gtid:
                _pendingMariaDb = gtid.Gtid;
                // A non-standalone GTID stands in for BEGIN (MariaDB does not log BEGIN for GTID replicas).
                _explicit = !gtid.IsStandalone;
                return false;
            case MySqlGtidEvent gtid:
                _pendingMySql = gtid.IsAnonymous ? null : gtid;
                _explicit = false;
                return false;
            case QueryEvent query when query.IsBegin:
                _explicit = true;
                return false;
            case QueryEvent query when _explicit && !(query.IsCommit || query.IsRollback):
                return false;
            case QueryEvent:
            case XidEvent:
                Commit(binlogEvent.Position);
                return true;
            case RotateEvent rotate when !InTransaction && !rotate.Header.IsArtificial:
                Checkpoint = Checkpoint with { Position = new BinlogPosition(rotate.NextFile, rotate.NextPosition) };
                return false;
            default:
                return false;
        }
    }

    private void Commit(BinlogPosition? position)
    {
        if (_pendingMariaDb is { } maria)
        {
            _mariaDbGtids = _mariaDbGtids!.With(maria);
        }

        if (_pendingMySql is { } mysql)
        {
            _mySqlGtids!.Add(mysql.SourceId, mysql.TransactionNumber);
        }

        _pendingMariaDb = null;
        _pendingMySql = null;
        _explicit = false;
        Checkpoint = new BinlogCheckpoint(position ?? Checkpoint.Position, GtidText());
    }

    private string? GtidText()
    {
        var text = _mariaDbGtids?.ToString() ?? _mySqlGtids?.ToString();
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
