using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.MySql;
using Godwit.MySql.Binlog;

namespace Godwit.Providers.MySql.Control;

/// <summary>
/// Stops writes on the MySQL/MariaDB source and makes it writable again. MySQL 5.7.8+ gets <c>super_read_only</c>,
/// which stops every account. MariaDB has no <c>super_read_only</c>: <c>read_only</c> stops every account without
/// READ ONLY ADMIN (which ALL PRIVILEGES includes), so there the database's tables are also read-locked for every
/// account by a <see cref="SourceTableLock"/>, held through the switch. read_only stays for what it does well: plain
/// accounts get an error at once (1290) instead of waiting, and retry on the new primary. Setting it waits for
/// statements in flight and for explicit table locks (the server takes the global read lock first); a transaction
/// that wrote but has not committed cannot commit afterwards, so nothing reaches the binlog after the freeze.
/// </summary>
internal sealed class SourceFreezer : IAsyncDisposable
{
    /// <summary>MySQL added super_read_only in 5.7.8.</summary>
    private static readonly (int Major, int Minor, int Patch) MySqlSuperReadOnly = (5, 7, 8);

    private readonly MySqlConnectionSettings _settings;
    private readonly string _database;
    private readonly Action<string> _log;
    private readonly SourceTableLock _tables;
    private MySqlConnection? _connection;
    private bool? _wasReadOnly;
    private bool? _wasSuperReadOnly;

    public SourceFreezer(MySqlConnectionSettings settings, string database, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings with { Database = null };
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _tables = new SourceTableLock(_settings, _database, _log);
    }

    /// <summary>True once <see cref="FreezeAsync"/> set the source read-only and nothing has undone it.</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>Connections killed because they held the freeze up past the grace period.</summary>
    public int Killed { get; private set; }

    /// <summary>Whether this server needs the table lock to stop every account (MariaDB, MySQL before 5.7.8).</summary>
    public static bool NeedsTableLock(ServerVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return !UsesSuperReadOnly(version);
    }

    /// <summary>What freezing sets, for the plan: e.g. <c>SET GLOBAL read_only = ON</c>.</summary>
    public static string Describe(ServerVersion version) =>
        UsesSuperReadOnly(version) ? "SET GLOBAL super_read_only = ON" : "SET GLOBAL read_only = ON, then FLUSH TABLES <every table> WITH READ LOCK (held through the switch)";

    /// <summary>Whether the source is read-only now (before any freeze: a source frozen by an earlier interrupted cutover).</summary>
    public async Task<bool> IsReadOnlyAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        return await connection.ScalarAsync<long>("SELECT @@GLOBAL.read_only", cancellationToken) != 0;
    }

    /// <summary>
    /// Sets the source read-only. Statements still running on the source database after <paramref name="grace"/> are
    /// killed (their connections), then any session there still holding the freeze up; the whole attempt gives up
    /// after <paramref name="timeout"/> (the source is then left as it was).
    /// </summary>
    public async Task FreezeAsync(TimeSpan grace, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        _wasReadOnly ??= await connection.ScalarAsync<long>("SELECT @@GLOBAL.read_only", cancellationToken) != 0;
        var super = UsesSuperReadOnly(connection.ServerVersion);
        if (super)
        {
            _wasSuperReadOnly ??= await connection.ScalarAsync<long>("SELECT @@GLOBAL.super_read_only", cancellationToken) != 0;
        }

        // lock_wait_timeout bounds the wait for the global read lock the SET takes (whole seconds, at least 1).
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET SESSION lock_wait_timeout = {seconds}"), cancellationToken);
        var set = connection.ExecuteAsync(super ? "SET GLOBAL super_read_only = ON" : "SET GLOBAL read_only = ON", cancellationToken);
        IsFrozen = true;
        try
        {
            if (await Task.WhenAny(set, Task.Delay(grace, cancellationToken)) != set)
            {
                await KillAsync(connection.ConnectionId, runningOnly: true, cancellationToken);
                if (await Task.WhenAny(set, Task.Delay(grace, cancellationToken)) != set)
                {
                    await KillAsync(connection.ConnectionId, runningOnly: false, cancellationToken);
                }
            }

            await set;
            if (NeedsTableLock(connection.ServerVersion))
            {
                await _tables.LockAsync(grace, timeout, () => KillAsync(connection.ConnectionId, runningOnly: false, cancellationToken), cancellationToken);
            }
        }
        catch (Exception)
        {
            // Still queued behind a lock (cancelled, or the kills failed): stop it server-side before anything sets
            // read_only back, or it could take effect afterwards. IsFrozen stays true so the abort path unfreezes.
            if (!set.IsCompleted)
            {
                await KillOwnQueryAsync(connection.ConnectionId);
                await Task.WhenAny(set, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            }

            await DisposeConnectionAsync();
            throw;
        }
    }

    /// <summary>
    /// Before the switch: the freeze must still hold for every account. The table lock lives on a connection of its
    /// own; if that connection was lost (killed by someone, a network drop) the lock is gone and privileged accounts
    /// could write again, so the cutover must not switch.
    /// </summary>
    public async Task EnsureEveryWriterStoppedAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        if (NeedsTableLock(connection.ServerVersion) && !_tables.IsHeld)
        {
            throw new CutoverAbortedException($"the read lock on {_database}'s tables, which stops accounts read_only does not, was lost before the switch");
        }
    }

    /// <summary>
    /// After the switch: keeps every account's writes waiting for <paramref name="hold"/> more, so that applications that
    /// re-read the routing file only now and then see it before the source could take a write again; then ends the
    /// sessions still waiting (their writes never committed: they retry on the new primary) and releases the table
    /// lock. read_only stays on. Returns how many sessions were ended.
    /// </summary>
    public async Task<int> ReleaseAfterSwitchAsync(TimeSpan hold, CancellationToken cancellationToken)
    {
        if (!_tables.IsHeld)
        {
            return 0;
        }

        await Task.Delay(hold, cancellationToken);
        return await _tables.KillWaitingWritersThenReleaseAsync(cancellationToken);
    }

    /// <summary>The binlog head: with the source frozen, the last position any write reached.</summary>
    public async Task<BinlogPosition> HeadAsync(CancellationToken cancellationToken) =>
        await BinlogHead.ReadAsync(await ConnectionAsync(cancellationToken), cancellationToken)
        ?? throw new CutoverAbortedException("SHOW MASTER STATUS returned nothing: the source's binary log is off, so there is no change stream to cut over from.");

    /// <summary>The source's GTID position now (MariaDB gtid_binlog_pos, MySQL gtid_executed), or null.</summary>
    public async Task<string?> GtidAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        var sql = connection.ServerVersion.IsMariaDb ? "SELECT @@GLOBAL.gtid_binlog_pos" : "SELECT @@GLOBAL.gtid_executed";
        var gtid = await connection.ScalarAsync<string>(sql, cancellationToken);
        return string.IsNullOrWhiteSpace(gtid) ? null : gtid;
    }

    /// <summary>Makes the source writable again (as it was before the freeze); retried on a fresh connection, never cancelled.</summary>
    public async Task UnfreezeAsync()
    {
        if (!IsFrozen)
        {
            return;
        }

        // The table lock first: the source stays the primary, and the writes waiting for the lock may now go ahead.
        await _tables.ReleaseAsync();
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                var connection = await ConnectionAsync(CancellationToken.None);
                if (UsesSuperReadOnly(connection.ServerVersion) && _wasSuperReadOnly != true)
                {
                    await connection.ExecuteAsync("SET GLOBAL super_read_only = OFF", CancellationToken.None);
                }

                if (_wasReadOnly != true)
                {
                    await connection.ExecuteAsync("SET GLOBAL read_only = OFF", CancellationToken.None);
                }

                IsFrozen = false;
                return;
            }
            catch (Exception ex) when (ex is MySqlException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                last = ex;
                await DisposeConnectionAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)));
            }
        }

        throw new CutoverAbortedException(
            $"could not make the source writable again ({SecretMasker.Describe(last!)}): run SET GLOBAL read_only = OFF on it by hand.", last!);
    }

    /// <summary>Makes a source frozen by an earlier, interrupted cutover writable (for <c>godwit cutover --abort</c>).</summary>
    public async Task ForceUnfreezeAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        if (UsesSuperReadOnly(connection.ServerVersion))
        {
            await connection.ExecuteAsync("SET GLOBAL super_read_only = OFF", cancellationToken);
        }

        await connection.ExecuteAsync("SET GLOBAL read_only = OFF", cancellationToken);
        IsFrozen = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _tables.DisposeAsync();
        await DisposeConnectionAsync();
    }

    private static bool UsesSuperReadOnly(ServerVersion version) =>
        !version.IsMariaDb && version.IsAtLeast(MySqlSuperReadOnly.Major, MySqlSuperReadOnly.Minor, MySqlSuperReadOnly.Patch);

    /// <summary>
    /// Kills the connections on the source database that hold the freeze up: first those running a statement, then
    /// (<paramref name="runningOnly"/> false) every other session there, since an idle session's LOCK TABLES also
    /// blocks it. Replication dump threads and our own connections are left alone.
    /// </summary>
    private async Task KillAsync(long ownId, bool runningOnly, CancellationToken cancellationToken)
    {
        await using var side = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        // The statement text is not logged: it is the application's SQL, with its data values.
        var ids = new List<(long Id, string User, string Command, long Seconds)>();
        await using (var statement = await side.PrepareAsync(
            "SELECT ID, USER, COMMAND, TIME FROM information_schema.PROCESSLIST WHERE DB = ? AND ID NOT IN (CONNECTION_ID(), ?) "
            + "AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon')" + (runningOnly ? " AND COMMAND = 'Query'" : string.Empty),
            cancellationToken))
        await using (var reader = await statement.QueryAsync([_database, ownId], cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
            }
        }

        foreach (var (id, user, command, seconds) in ids)
        {
            try
            {
                await side.ExecuteAsync("KILL CONNECTION " + id.ToString(CultureInfo.InvariantCulture), cancellationToken);
                Killed++;
                _log(string.Create(CultureInfo.InvariantCulture, $"godwit: cutover: killed connection {id} ({user}, {command} for {seconds} s) that held the write freeze up"));
            }
            catch (MySqlException ex) when (ex.ErrorCode == 1094)
            {
                // ER_NO_SUCH_THREAD: it ended by itself meanwhile.
            }
        }
    }

    private async Task KillOwnQueryAsync(long id)
    {
        try
        {
            await using var side = await MySqlConnection.OpenAsync(_settings, CancellationToken.None);
            await side.ExecuteAsync("KILL QUERY " + id.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        }
        catch (MySqlException)
        {
            // It finished meanwhile (1094), or the source is gone: UnfreezeAsync reports what matters.
        }
    }

    private async Task<MySqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsUsable: true } open)
        {
            return open;
        }

        await DisposeConnectionAsync();
        _connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        return _connection;
    }

    private async ValueTask DisposeConnectionAsync()
    {
        var c = _connection;
        _connection = null;
        if (c is not null)
        {
            await c.DisposeAsync();
        }
    }
}
