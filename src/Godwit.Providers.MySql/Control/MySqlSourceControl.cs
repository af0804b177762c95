using System.Globalization;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Verify;
using Godwit.MySql;
using Godwit.Providers.MySql.Verify;

namespace Godwit.Providers.MySql.Control;

/// <summary>
/// MySQL or MariaDB as a cutover's source: the freeze (<see cref="SourceFreezer"/>), the server-wide cutover lock
/// (<c>GET_LOCK</c>), the privileges the freeze needs, AUTO_INCREMENT high-water marks and the verify endpoint.
/// </summary>
public sealed class MySqlSourceControl : ISourceControl
{
    /// <summary>ER_LOCK_WAIT_TIMEOUT: the freeze's global read lock was not granted in time.</summary>
    private const int ErrorLockWaitTimeout = 1205;

    /// <summary>ER_QUERY_INTERRUPTED.</summary>
    private const int ErrorQueryInterrupted = 1317;

    /// <summary>ER_SPECIFIC_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR.</summary>
    private static readonly int[] AccessDenied = [1227, 1045, 1044];

    private readonly MySqlConnectionSettings _settings;
    private readonly string _database;
    private readonly SourceFreezer _freezer;
    private MySqlConnection? _serverLock;

    public MySqlSourceControl(MySqlConnectionSettings settings, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _database = settings.Database ?? throw new ArgumentException("the source must name the database", nameof(settings));
        _freezer = new SourceFreezer(settings, _database, log);
    }

    public bool IsFrozen => _freezer.IsFrozen;

    public int Killed => _freezer.Killed;

    public async Task<string> DescribeFreezeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(_settings with { Database = null }, cancellationToken);
        return SourceFreezer.Describe(connection.ServerVersion);
    }

    public async Task<bool> TryLockServerAsync(CancellationToken cancellationToken)
    {
        _serverLock ??= await MySqlConnection.OpenAsync(_settings with { Database = null }, cancellationToken);
        return await _serverLock.ScalarAsync<long>("SELECT GET_LOCK('godwit-cutover', 0)", cancellationToken) == 1;
    }

    public Task<bool> IsReadOnlyAsync(CancellationToken cancellationToken) => _freezer.IsReadOnlyAsync(cancellationToken);

    /// <summary>
    /// Setting read_only to its current value checks the privilege without changing anything. Where read_only does
    /// not stop every account (MariaDB), the freeze also read-locks the database's tables, which needs RELOAD.
    /// </summary>
    public async Task<IReadOnlyList<string>> FreezeProblemsAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using var mysql = await MySqlConnection.OpenAsync(_settings with { Database = null }, cancellationToken);
        try
        {
            await mysql.ExecuteAsync("SET GLOBAL read_only = @@GLOBAL.read_only", cancellationToken);
        }
        catch (MySqlException ex) when (AccessDenied.Contains(ex.ErrorCode))
        {
            problems.Add($"the source account cannot set read_only ({ex.Message}): grant it READ_ONLY ADMIN (MariaDB) or SUPER/SYSTEM_VARIABLES_ADMIN (MySQL)");
        }

        if (SourceFreezer.NeedsTableLock(mysql.ServerVersion) && !await SourceTableLock.MayLockAsync(mysql, cancellationToken))
        {
            problems.Add(
                "the source account lacks RELOAD: read_only does not stop accounts with READ ONLY ADMIN (ALL PRIVILEGES includes it), so the freeze also "
                + $"read-locks {_database}'s tables (FLUSH TABLES … WITH READ LOCK), which needs RELOAD and LOCK TABLES: grant them to the migration account");
        }

        return problems;
    }

    public async Task FreezeAsync(TimeSpan grace, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _freezer.FreezeAsync(grace, timeout, cancellationToken);
        }
        catch (MySqlException ex) when (ex.ErrorCode is ErrorLockWaitTimeout or ErrorQueryInterrupted)
        {
            throw new CutoverAbortedException(
                string.Create(CultureInfo.InvariantCulture, $"the source could not be frozen within --freeze-timeout {timeout.TotalSeconds:0.###} s ({ex.Message})"), ex);
        }
    }

    public async Task<StreamPosition> HeadAsync(CancellationToken cancellationToken)
    {
        var head = await _freezer.HeadAsync(cancellationToken);
        return MySqlPositionCodec.Coordinates(head.FileName, head.Position);
    }

    public Task<string?> TransactionStateAsync(CancellationToken cancellationToken) => _freezer.GtidAsync(cancellationToken);

    public Task EnsureEveryWriterStoppedAsync(CancellationToken cancellationToken) => _freezer.EnsureEveryWriterStoppedAsync(cancellationToken);

    public Task<int> ReleaseAfterSwitchAsync(TimeSpan hold, CancellationToken cancellationToken) => _freezer.ReleaseAfterSwitchAsync(hold, cancellationToken);

    public Task UnfreezeAsync() => _freezer.UnfreezeAsync();

    public Task ForceUnfreezeAsync(CancellationToken cancellationToken) => _freezer.ForceUnfreezeAsync(cancellationToken);

    /// <summary>The larger of the table's AUTO_INCREMENT and its highest value plus one (the counter can lag behind explicit inserts).</summary>
    public async Task<IReadOnlyList<IdentityMark>> IdentityMarksAsync(PgSchemaPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var marks = new List<IdentityMark>();
        await using var source = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        foreach (var table in plan.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.IsIdentity))
            {
                var sourceTable = MySqlIdentifier.Quote(table.Source.Schema) + "." + MySqlIdentifier.Quote(table.Source.Name);
                var max = await source.ScalarAsync<string>(
                    $"SELECT CAST(MAX({MySqlIdentifier.Quote(column.Source.Name)}) AS CHAR) FROM {sourceTable}", cancellationToken);
                var next = max is null ? 1m : decimal.Parse(max, NumberStyles.Integer, CultureInfo.InvariantCulture) + 1;
                if (table.Source.AutoIncrement is { } ai && ai > next)
                {
                    next = ai;
                }

                // The counter now, not as introspected when the plan was made: an id handed out since and deleted
                // again is above the table's largest id, and may still reach the other side through the stream.
                await using (var statement = await source.PrepareAsync("SELECT CAST(AUTO_INCREMENT AS CHAR) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", cancellationToken))
                await using (var reader = await statement.QueryAsync([table.Source.Schema, table.Source.Name], cancellationToken))
                {
                    if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) && decimal.Parse(reader.GetString(0), NumberStyles.Integer, CultureInfo.InvariantCulture) is var live && live > next)
                    {
                        next = live;
                    }
                }

                marks.Add(new IdentityMark(table, column.Name, next));
            }
        }

        return marks;
    }

    /// <summary>MySQL has no sequences apart from AUTO_INCREMENT (the identity marks).</summary>
    public Task<IReadOnlyList<SequenceMark>> SequenceMarksAsync(PgSchemaPlan plan, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SequenceMark>>([]);

    public IVerifyEndpoint VerifyEndpoint() => new MySqlVerifyEndpoint(_settings);

    public async ValueTask DisposeAsync()
    {
        await _freezer.DisposeAsync();
        if (_serverLock is { } held)
        {
            _serverLock = null;
            await held.DisposeAsync();
        }
    }
}
