using System.Globalization;
using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Schema;
using Godwit.MySql;
using Godwit.MySql.Binlog;

namespace Godwit.Providers.MySql.Snapshot;

/// <summary>
/// The MySQL/MariaDB side of <c>godwit migrate</c>.
/// <para>
/// <b>Consistency.</b> <see cref="SnapshotMethod.GlobalReadLock"/> (the default): one connection takes
/// <c>FLUSH TABLES WITH READ LOCK</c>; while it is held (milliseconds), every worker connection runs
/// <c>START TRANSACTION WITH CONSISTENT SNAPSHOT</c> at REPEATABLE READ, and the lock connection reads
/// <c>SHOW MASTER STATUS</c> and the GTID position; then <c>UNLOCK TABLES</c>. No transaction can commit while the
/// lock is held, so all workers see exactly the state at the recorded position. When the account lacks the
/// RELOAD privilege the lock is refused; <see cref="SnapshotMode.Auto"/> then falls back to
/// <see cref="SnapshotMethod.LockFree"/>: the position is read first, then each worker opens its own snapshot
/// (each at or after that position; MariaDB reports each worker's exact one as binlog_snapshot_file/position).
/// CDC replaying idempotently from the earliest position converges.
/// </para>
/// </summary>
public sealed class MySqlCopySource : ICopySource
{
    /// <summary>Session settings of every copy connection: UTC, utf8mb4, a permissive sql_mode, long timeouts.</summary>
    public const string SessionSetup =
        "SET SESSION time_zone = '+00:00', NAMES utf8mb4, SESSION sql_mode = '', SESSION net_read_timeout = 3600, "
        + "SESSION net_write_timeout = 3600, SESSION wait_timeout = 86400; SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ";

    private const int ErrorSpecificAccessDenied = 1227;
    private const int ErrorDbAccessDenied = 1044;

    private readonly MySqlConnectionSettings _settings;
    private readonly string _database;
    private readonly List<SnapshotWorker> _workers = [];

    public MySqlCopySource(MySqlConnectionSettings settings, string database)
    {
        _settings = settings;
        _database = database;
    }

    public async Task<IReadOnlyList<ChunkSpec>> PlanChunksAsync(CopyTable table, long chunkRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var source = table.Mapping.Source;
        if (table.KeyColumns.Count == 0 || source.RowEstimate <= chunkRows)
        {
            return [new ChunkSpec(table.Name, 0, null, null)];
        }

        await using var connection = await OpenSessionAsync(cancellationToken);
        var keys = table.KeyColumns.Select(k => source.Column(k)).ToList();
        var from = QualifiedName(source);
        var boundaries = new List<IReadOnlyList<string>>();
        if (keys.Count == 1 && keys[0].Type.Family == MySqlTypeFamily.Integer)
        {
            // One integer key: split [min, max] evenly. Cheap (two index dives); chunk sizes follow key density.
            var k = Ident(keys[0].Name);
            await using var reader = await connection.QueryAsync($"SELECT CAST(MIN({k}) AS CHAR), CAST(MAX({k}) AS CHAR) FROM {from}", cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.IsDBNull(0))
            {
                return [new ChunkSpec(table.Name, 0, null, null)];
            }

            var min = decimal.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
            var max = decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            var count = (long)Math.Max(1, Math.Ceiling((decimal)source.RowEstimate / chunkRows));
            var step = Math.Max(1, Math.Ceiling((max - min + 1) / count));
            for (var b = min + step - 1; b < max; b += step)
            {
                boundaries.Add([b.ToString("0", CultureInfo.InvariantCulture)]);
            }
        }
        else
        {
            // Composite or non-integer key: walk the key in order and keep every chunkRows-th tuple (keyset chunks).
            var list = string.Join(", ", keys.Select(c => Ident(c.Name)));
            await using var reader = await connection.QueryAsync($"SELECT {list} FROM {from} ORDER BY {list}", cancellationToken);
            long n = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (++n % chunkRows == 0)
                {
                    var tuple = new string[keys.Count];
                    for (var i = 0; i < keys.Count; i++)
                    {
                        tuple[i] = Literal(keys[i], reader.GetRawBytes(i));
                    }

                    boundaries.Add(tuple);
                }
            }
        }

        var chunks = new List<ChunkSpec>();
        IReadOnlyList<string>? lower = null;
        foreach (var upper in boundaries)
        {
            chunks.Add(new ChunkSpec(table.Name, chunks.Count, lower, upper));
            lower = upper;
        }

        chunks.Add(new ChunkSpec(table.Name, chunks.Count, lower, null));
        return chunks;
    }

    /// <summary>The snapshot covers the whole server (FLUSH TABLES WITH READ LOCK, or the lock-free path): <paramref name="tables"/> needs no set-up.</summary>
    public async Task<SnapshotInfo> OpenSnapshotAsync(IReadOnlyList<CopyTable> tables, int workers, SnapshotMode mode, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        var connections = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => OpenSessionAsync(cancellationToken)));
        try
        {
            string? warning = null;
            if (mode != SnapshotMode.LockFree)
            {
                await using var locker = await OpenSessionAsync(cancellationToken);
                await locker.ExecuteAsync("SET SESSION lock_wait_timeout = 60", cancellationToken);
                try
                {
                    await locker.ExecuteAsync("FLUSH TABLES WITH READ LOCK", cancellationToken);
                }
                catch (MySqlException ex) when (mode == SnapshotMode.Auto && ex.ErrorCode is ErrorSpecificAccessDenied or ErrorDbAccessDenied or MySqlException.ErrorAccessDenied)
                {
                    warning = $"FLUSH TABLES WITH READ LOCK was refused ({ex.Message}); copying without the global read lock: "
                        + "each worker reads its own snapshot and the recorded position is the earliest one, so CDC must replay from it "
                        + "(grant RELOAD to the source user for one exact position)";
                }

                if (warning is null)
                {
                    try
                    {
                        await Task.WhenAll(connections.Select(c => c.ExecuteAsync("START TRANSACTION WITH CONSISTENT SNAPSHOT", cancellationToken)));
                        var position = await ReadPositionAsync(locker, cancellationToken);
                        var workerPositions = await Task.WhenAll(connections.Select(c => ReadSnapshotPositionAsync(c, cancellationToken)));
                        AddWorkers(connections, workerPositions);
                        return new SnapshotInfo(SnapshotMethod.GlobalReadLock, position, null) { WorkerPositions = workerPositions };
                    }
                    finally
                    {
                        await locker.ExecuteAsync("UNLOCK TABLES", CancellationToken.None);
                    }
                }
            }

            await using (var reader = await OpenSessionAsync(cancellationToken))
            {
                var before = await ReadPositionAsync(reader, cancellationToken);
                await Task.WhenAll(connections.Select(c => c.ExecuteAsync("START TRANSACTION WITH CONSISTENT SNAPSHOT", cancellationToken)));
                var workerPositions = await Task.WhenAll(connections.Select(c => ReadSnapshotPositionAsync(c, cancellationToken)));
                AddWorkers(connections, workerPositions);
                return new SnapshotInfo(SnapshotMethod.LockFree, before, warning) { WorkerPositions = workerPositions };
            }
        }
        catch
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }

            _workers.Clear();
            throw;
        }
    }

    public ISourceWorker Worker(int index) => _workers[index];

    public async ValueTask DisposeAsync()
    {
        foreach (var w in _workers)
        {
            await w.Connection.DisposeAsync();
        }

        _workers.Clear();
    }

    /// <summary>Opens a connection with the copy's session settings.</summary>
    public async Task<MySqlConnection> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = await MySqlConnection.OpenAsync(_settings with { Database = _database }, cancellationToken);
        try
        {
            await connection.ExecuteAsync(SessionSetup, cancellationToken);
            if (connection.ServerVersion.IsMariaDb)
            {
                await connection.ExecuteAsync("SET SESSION max_statement_time = 0", cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The binlog file/position and GTID state now (MariaDB: gtid_binlog_pos; MySQL: gtid_executed).</summary>
    public static async Task<StreamPosition?> ReadPositionAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var version = connection.ServerVersion;
        var head = await BinlogHead.ReadAsync(connection, cancellationToken);
        var file = head?.FileName;
        long? pos = head?.Position;
        var gtid = await connection.ScalarAsync<string>(version.IsMariaDb ? "SELECT @@GLOBAL.gtid_binlog_pos" : "SELECT @@GLOBAL.gtid_executed", cancellationToken);
        return MySqlPositionCodec.Of(file, pos, string.IsNullOrEmpty(gtid) ? null : gtid.Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>MariaDB: the binlog position consistent with this connection's snapshot (binlog_snapshot_file/position).</summary>
    private static async Task<StreamPosition?> ReadSnapshotPositionAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        if (!connection.ServerVersion.IsMariaDb)
        {
            return null;
        }

        string? file = null;
        long? pos = null;
        await using var reader = await connection.QueryAsync("SHOW STATUS LIKE 'binlog_snapshot_%'", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (name.Equals("Binlog_snapshot_file", StringComparison.OrdinalIgnoreCase))
            {
                file = reader.GetString(1);
            }
            else if (name.Equals("Binlog_snapshot_position", StringComparison.OrdinalIgnoreCase))
            {
                pos = reader.GetInt64(1);
            }
        }

        return file is null ? null : MySqlPositionCodec.Coordinates(file, pos ?? MySqlPositionCodec.FirstEventOffset);
    }

    private void AddWorkers(MySqlConnection[] connections, StreamPosition?[] positions)
    {
        for (var i = 0; i < connections.Length; i++)
        {
            _workers.Add(new SnapshotWorker(connections[i], positions[i]));
        }
    }

    internal static string Ident(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    internal static string QualifiedName(SourceTable table) => Ident(table.Schema) + "." + Ident(table.Name);

    /// <summary>A key value as a SQL literal the server compares in the column's own type and collation.</summary>
    internal static string Literal(SourceColumn column, ReadOnlySpan<byte> value)
    {
        switch (column.Type.Family)
        {
            case MySqlTypeFamily.Integer:
            case MySqlTypeFamily.Decimal:
            case MySqlTypeFamily.Float:
            case MySqlTypeFamily.Double:
            case MySqlTypeFamily.Year:
                // Written bare, so it must be a number's text and nothing else: a tenant value comes from the command
                // line (`--tenant "2) OR (1=1"` would otherwise select, freeze and purge every tenant).
                foreach (var b in value)
                {
                    if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E'))
                    {
                        throw new ArgumentException($"'{Encoding.UTF8.GetString(value)}' is not a number, the type of {column.Name} ({column.Type.Name})", nameof(value));
                    }
                }

                return value.Length == 0 ? throw new ArgumentException($"an empty value is not a number, the type of {column.Name} ({column.Type.Name})", nameof(value)) : Encoding.ASCII.GetString(value);
            case MySqlTypeFamily.Binary:
            case MySqlTypeFamily.Blob:
            case MySqlTypeFamily.Bit:
            case MySqlTypeFamily.Spatial:
                return "X'" + Convert.ToHexString(value) + "'";
            default:
                var text = Encoding.UTF8.GetString(value);
                return "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal) + "'";
        }
    }

    /// <summary>The WHERE clause of a chunk's read: its key range and the table's row filter.</summary>
    internal static string Where(CopyTable table, ChunkSpec chunk)
    {
        var range = RangeCondition(table.KeyColumns, chunk);
        if (table.Filter is not { } filter)
        {
            return range;
        }

        if (filter.Values.Count == 0)
        {
            throw new ArgumentException($"the row filter of {table.Mapping.Source.QualifiedName} on {filter.Column} keeps no value", nameof(table));
        }

        var kept = Kept(table.Mapping.Source, filter);
        return range.Length == 0 ? " WHERE " + kept : $"{range} AND {kept}";
    }

    /// <summary>
    /// The row filter as a condition: the column's values, or for a foreign-key path nested semi-joins
    /// (<c>(order_id) IN (SELECT id FROM orders WHERE company_id IN (…))</c>), read in the same snapshot as the rows.
    /// </summary>
    internal static string Kept(SourceTable table, RowFilter filter, string rowPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(filter);
        var column = filter.Path.Count == 0
            ? table.Column(filter.Column)
            : filter.PathColumn ?? throw new ArgumentException($"the row filter of {table.QualifiedName} has a path but no column type", nameof(filter));
        var values = string.Join(", ", filter.Values.Select(v => Literal(column, Encoding.UTF8.GetBytes(v))));
        if (filter.Path.Count == 0)
        {
            return $"{rowPrefix}{Ident(column.Name)} IN ({values})";
        }

        var condition = $"{Ident(column.Name)} IN ({values})";
        var schema = filter.PathSchema ?? table.Schema;
        for (var i = filter.Path.Count - 1; i >= 0; i--)
        {
            var hop = filter.Path[i];
            var outer = i == 0 ? rowPrefix : string.Empty;
            condition = $"({string.Join(", ", hop.Columns.Select(c => outer + Ident(c)))}) IN (SELECT {string.Join(", ", hop.ParentColumns.Select(Ident))} "
                + $"FROM {Ident(schema)}.{Ident(hop.ParentTable)} WHERE {condition})";
        }

        return condition;
    }

    /// <summary>The WHERE clause selecting a chunk: key tuple above Lower and at most Upper (expanded for the optimizer).</summary>
    internal static string RangeCondition(IReadOnlyList<string> keys, ChunkSpec chunk)
    {
        var parts = new List<string>();
        if (chunk.Lower is { } lower)
        {
            parts.Add(Compare(keys, lower, ">", 0));
        }

        if (chunk.Upper is { } upper)
        {
            parts.Add(Compare(keys, upper, "<", 0, inclusiveLast: true));
        }

        return parts.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", parts);
    }

    private static string Compare(IReadOnlyList<string> keys, IReadOnlyList<string> values, string op, int i, bool inclusiveLast = false)
    {
        var k = Ident(keys[i]);
        if (i == keys.Count - 1)
        {
            return $"{k} {op}{(inclusiveLast ? "=" : string.Empty)} {values[i]}";
        }

        return $"({k} {op} {values[i]} OR ({k} = {values[i]} AND {Compare(keys, values, op, i + 1, inclusiveLast)}))";
    }

    /// <summary>
    /// A column as the copy reads it. The text protocol prints a FLOAT with FLT_DIG (6) significant digits
    /// (16777215 as 16777200), so a FLOAT is read widened to DOUBLE, whose text round-trips: every bit arrives.
    /// The binlog decoder renders FLOAT the same way.
    /// </summary>
    private static string SelectExpression(PgColumnMapping column) =>
        column.Source.Type.Family == MySqlTypeFamily.Float
            ? $"CAST({Ident(column.Source.Name)} AS DOUBLE)"
            : Ident(column.Source.Name);

    private sealed class SnapshotWorker(MySqlConnection connection, StreamPosition? position) : ISourceWorker
    {
        public MySqlConnection Connection { get; } = connection;

        public StreamPosition? SnapshotPosition { get; } = position;

        public async Task ReadChunkAsync(
            CopyTable table, ChunkSpec chunk, Func<CancellationToken, ValueTask<RowBatch>> rent, Func<RowBatch, CancellationToken, ValueTask> emit, CancellationToken cancellationToken)
        {
            var columns = table.Columns;
            var select = string.Join(", ", columns.Select(SelectExpression));
            var sql = $"SELECT {select} FROM {QualifiedName(table.Mapping.Source)}{Where(table, chunk)}";
            await using var reader = await Connection.QueryAsync(sql, cancellationToken);
            var n = columns.Count;
            var batch = await rent(cancellationToken);
            batch.Reset(n);
            while (await reader.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < n; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        batch.SetNull(i);
                    }
                    else
                    {
                        batch.SetValue(i, reader.GetRawBytes(i));
                    }
                }

                batch.CommitRow();
                if (batch.IsFull)
                {
                    await emit(batch, cancellationToken);
                    batch = await rent(cancellationToken);
                    batch.Reset(n);
                }
            }

            await emit(batch, cancellationToken);
        }
    }
}
