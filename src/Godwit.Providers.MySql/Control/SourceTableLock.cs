using System.Globalization;
using Godwit.Core.Ddl;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Control;

/// <summary>
/// Holds the source database's tables read-locked for every account: <c>FLUSH TABLES t1, t2, … WITH READ LOCK</c> on a
/// connection of its own. MariaDB's <c>read_only</c> does not stop accounts with READ ONLY ADMIN (which ALL PRIVILEGES
/// includes), so without this an application writing as such an account keeps committing on the source after the
/// freeze, and after the switch, where no stream carries its writes any more. A write by any account now waits for
/// the lock (state "Waiting for table metadata lock") and commits nothing. The lock names the tables, so other
/// databases on the server are not held by it. It needs RELOAD (and LOCK TABLES); it is released by
/// <see cref="ReleaseAsync"/> or when its connection closes, whichever comes first.
/// </summary>
internal sealed class SourceTableLock : IAsyncDisposable
{
    private readonly MySqlConnectionSettings _settings;
    private readonly string _database;
    private readonly Action<string> _log;
    private MySqlConnection? _connection;
    private bool _noTables;

    public SourceTableLock(MySqlConnectionSettings settings, string database, Action<string> log)
    {
        _settings = settings with { Database = null };
        _database = database;
        _log = log;
    }

    /// <summary>Whether the lock is held now (its connection alive), or there was no table to lock.</summary>
    public bool IsHeld => _noTables || _connection is { IsUsable: true };

    /// <summary>Whether the account may take the lock: RELOAD on *.* (directly or through ALL PRIVILEGES).</summary>
    public static async Task<bool> MayLockAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var reader = await connection.QueryAsync("SHOW GRANTS FOR CURRENT_USER()", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var grant = reader.GetString(0);
            var on = grant.IndexOf(" ON *.* ", StringComparison.OrdinalIgnoreCase);
            if (on > 0 && (grant[..on].Contains("ALL PRIVILEGES", StringComparison.OrdinalIgnoreCase) || grant[..on].Contains("RELOAD", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Takes the lock, waiting at most <paramref name="timeout"/> (lock_wait_timeout) for transactions that still hold
    /// the tables: <paramref name="whileWaiting"/> runs once the wait is longer than <paramref name="grace"/>, to kill them.
    /// </summary>
    public async Task LockAsync(TimeSpan grace, TimeSpan timeout, Func<Task> whileWaiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileWaiting);
        var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        _connection = connection;
        var tables = new List<string>();
        await using (var statement = await connection.PrepareAsync(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", cancellationToken))
        await using (var reader = await statement.QueryAsync([_database], cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add($"{MySqlIdentifier.Quote(_database)}.{MySqlIdentifier.Quote(reader.GetString(0))}");
            }
        }

        if (tables.Count == 0)
        {
            _noTables = true;
            await ReleaseAsync();
            return;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET SESSION lock_wait_timeout = {seconds}"), cancellationToken);
        var locking = connection.ExecuteAsync($"FLUSH TABLES {string.Join(", ", tables)} WITH READ LOCK", cancellationToken);
        if (await Task.WhenAny(locking, Task.Delay(grace, cancellationToken)) != locking)
        {
            await whileWaiting();
        }

        await locking;
    }

    /// <summary>
    /// Ends the sessions whose writes wait for the lock, then releases it. Their transactions roll back (nothing they
    /// did was committed or acknowledged) and the application retries them where the routing file now points; were
    /// the lock released first, they would commit on a source nothing streams from any more. Killed: every session
    /// whose default database is the source database, and every session waiting for a metadata lock whose statement
    /// names it. Replication dump threads and godwit's own connections are left alone. Returns how many were killed.
    /// </summary>
    public async Task<int> KillWaitingWritersThenReleaseAsync(CancellationToken cancellationToken)
    {
        var killed = 0;
        _noTables = false;
        if (_connection is { IsUsable: true } held)
        {
            await using var side = await MySqlConnection.OpenAsync(_settings, cancellationToken);
            var ids = new List<(long Id, string User, string? State)>();
            await using (var statement = await side.PrepareAsync(
                "SELECT ID, USER, STATE FROM information_schema.PROCESSLIST WHERE ID NOT IN (CONNECTION_ID(), ?) "
                + "AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon') "
                + "AND (DB = ? OR (STATE LIKE 'Waiting for table metadata lock%' AND INSTR(INFO, ?) > 0))",
                cancellationToken))
            await using (var reader = await statement.QueryAsync([held.ConnectionId, _database, _database], cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }

            foreach (var (id, user, state) in ids)
            {
                try
                {
                    await side.ExecuteAsync("KILL CONNECTION " + id.ToString(CultureInfo.InvariantCulture), cancellationToken);
                    killed++;
                    _log(string.Create(CultureInfo.InvariantCulture, $"godwit: cutover: killed connection {id} ({user}{(string.IsNullOrEmpty(state) ? string.Empty : ", " + state)}) on the old source after the switch"));
                }
                catch (MySqlException ex) when (ex.ErrorCode == 1094)
                {
                    // ER_NO_SUCH_THREAD: it ended by itself meanwhile.
                }
            }
        }

        await ReleaseAsync();
        return killed;
    }

    /// <summary>Releases the lock (closing its connection releases it too); never cancelled.</summary>
    public async Task ReleaseAsync()
    {
        _noTables = false;
        var connection = _connection;
        _connection = null;
        if (connection is null)
        {
            return;
        }

        try
        {
            if (connection.IsUsable)
            {
                await connection.ExecuteAsync("UNLOCK TABLES", CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is MySqlException or IOException)
        {
            // Closing the connection below releases it as well.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();
}
