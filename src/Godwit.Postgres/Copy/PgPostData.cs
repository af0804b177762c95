using System.Text.RegularExpressions;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Providers;
using Npgsql;

namespace Godwit.Postgres.Copy;

/// <summary>
/// Runs the plan's post-data DDL in parallel, starting each table's part as soon as that table's last chunk is
/// committed (while other tables are still copying): all its indexes are built at once (a primary key or unique
/// constraint is built as a unique index and then attached with <c>USING INDEX</c>, so they need not wait for each
/// other's ACCESS EXCLUSIVE lock), then its checks, identity restart and comments, then ANALYZE. Foreign keys run
/// once both of their tables are done; views and triggers last. Statements whose object already exists (a resumed
/// run that had got this far) are skipped. When the copy mixed snapshots (a resume, or the lock-free method), a unique
/// index or foreign key that the copied rows violate is recorded in <c>godwit.deferred_ddl</c> for CDC to create once
/// it has caught up, instead of failing the migration.
/// </summary>
internal sealed partial class PgPostData : ICopyPostData
{
    private readonly Func<CancellationToken, Task<NpgsqlConnection>> _open;
    private readonly SemaphoreSlim _slots;
    private readonly CopyProgress _progress;
    private readonly long _runId;
    private readonly bool _mixedSnapshots;
    private readonly List<SchemaNote> _notes = [];
    private readonly List<string> _deferred = [];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<DdlStatement>> _byTable;
    private readonly Dictionary<string, string> _qualified;
    private readonly Dictionary<string, Task> _started = new(StringComparer.Ordinal);
    private readonly List<DdlStatement> _foreignKeys;
    private readonly List<DdlStatement> _rest;
    private readonly HashSet<string> _deferredObjects = new(StringComparer.Ordinal);
    private readonly Dictionary<DdlStatement, string> _originalSql = [];

    public PgPostData(PgSchemaPlan plan, Func<CancellationToken, Task<NpgsqlConnection>> open, int jobs, CopyProgress progress, long runId, bool mixedSnapshots)
    {
        _open = open;
        _slots = new SemaphoreSlim(Math.Max(1, jobs));
        _progress = progress;
        _runId = runId;
        _mixedSnapshots = mixedSnapshots;
        var post = plan.PostData.ToList();
        _progress.PostDataTotal = post.Count + plan.Tables.Count;
        _qualified = plan.Tables.ToDictionary(t => t.TargetKey, t => t.QualifiedName, StringComparer.Ordinal);
        _byTable = plan.Tables.ToDictionary(t => t.TargetKey, _ => new List<DdlStatement>(), StringComparer.Ordinal);
        _foreignKeys = [];
        _rest = [];
        foreach (var s in post)
        {
            if (s.Kind == DdlObjectKind.ForeignKey)
            {
                _foreignKeys.Add(s);
            }
            else if (s.Kind is DdlObjectKind.PrimaryKey or DdlObjectKind.Unique or DdlObjectKind.Index or DdlObjectKind.Check or DdlObjectKind.IdentityRestart or DdlObjectKind.Comment
                && (s.Table ?? s.Object) is { } t && _byTable.TryGetValue(t, out var list))
            {
                list.Add(s);
            }
            else
            {
                _rest.Add(s);
            }
        }
    }

    /// <summary>Starts the post-data work of one target table, by its <see cref="PgTableMapping.TargetKey"/> (called when its copy is complete). Idempotent.</summary>
    public void StartTable(string targetTable, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_started.ContainsKey(targetTable))
            {
                _started[targetTable] = Task.Run(() => RunTableAsync(targetTable, cancellationToken), CancellationToken.None);
            }
        }
    }

    /// <summary>Finishes everything: tables not started yet, then foreign keys, then views and the rest.</summary>
    public async Task<PostDataResult> FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var t in _byTable.Keys)
        {
            StartTable(t, cancellationToken);
        }

        Task[] tables;
        lock (_lock)
        {
            tables = [.. _started.Values];
        }

        await Task.WhenAll(tables);
        await Task.WhenAll(_foreignKeys.Select(s => RunAsync(s, cancellationToken)));
        foreach (var s in _rest)
        {
            await RunAsync(s, cancellationToken);
        }

        return new PostDataResult(_notes, _deferred);
    }

    /// <summary>Waits for table work already started, ignoring its failures (used when the copy itself failed).</summary>
    public async Task AbandonAsync()
    {
        Task[] tables;
        lock (_lock)
        {
            tables = [.. _started.Values];
        }

        try
        {
            await Task.WhenAll(tables);
        }
        catch (Exception)
        {
            // The copy's own failure is the one reported.
        }
    }

    private async Task RunTableAsync(string table, CancellationToken cancellationToken)
    {
        var statements = _byTable[table];
        var builds = new List<DdlStatement>();
        var attach = new List<DdlStatement>();
        foreach (var s in statements.Where(s => s.Kind is DdlObjectKind.PrimaryKey or DdlObjectKind.Unique or DdlObjectKind.Index))
        {
            var m = KeyConstraint().Match(s.Sql);
            if (m.Success)
            {
                var (qualified, name, kind, columns) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value);
                var build = s with { Sql = $"CREATE UNIQUE INDEX {name} ON {qualified} ({columns})" };
                lock (_lock)
                {
                    _originalSql[build] = s.Sql;
                }

                builds.Add(build);
                attach.Add(s with { Sql = $"ALTER TABLE {qualified} ADD CONSTRAINT {name} {kind} USING INDEX {name}" });
            }
            else
            {
                builds.Add(s);
            }
        }

        await Task.WhenAll(builds.Select(s => RunAsync(s, cancellationToken)));
        foreach (var s in attach.Concat(statements.Where(s => s.Kind is not (DdlObjectKind.PrimaryKey or DdlObjectKind.Unique or DdlObjectKind.Index))))
        {
            bool deferred;
            lock (_lock)
            {
                deferred = _deferredObjects.Contains(s.Object);
            }

            if (!deferred)
            {
                await RunAsync(s, cancellationToken, countProgress: !attach.Contains(s));
            }
        }

        await RunAsync(new DdlStatement(DdlPhase.PostData, DdlObjectKind.Comment, table, $"ANALYZE {_qualified[table]}"), cancellationToken);
    }

    [GeneratedRegex(@"^ALTER TABLE (.+) ADD CONSTRAINT (""(?:[^""]|"""")+""|\S+) (PRIMARY KEY|UNIQUE) \((.+)\)$", RegexOptions.Singleline)]
    private static partial Regex KeyConstraint();

    private async Task RunAsync(DdlStatement s, CancellationToken cancellationToken, bool countProgress = true)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            await using var c = await _open(cancellationToken);
            await using (var setup = new NpgsqlCommand("SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'; SET statement_timeout = 0", c))
            {
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            try
            {
                await ExecuteRetryingDeadlocksAsync(c, s.Sql, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject
                || (ex.SqlState == PostgresErrorCodes.InvalidTableDefinition && s.Kind == DdlObjectKind.PrimaryKey)
                || (ex.SqlState == PostgresErrorCodes.ObjectNotInPrerequisiteState && s.Sql.Contains(" USING INDEX ", StringComparison.Ordinal)))
            {
                // Already there: an earlier run got this far.
            }
            catch (PostgresException ex) when (_mixedSnapshots && s.Kind is DdlObjectKind.Unique or DdlObjectKind.ForeignKey or DdlObjectKind.Index or DdlObjectKind.PrimaryKey
                && ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
            {
                string original;
                lock (_lock)
                {
                    original = _originalSql.GetValueOrDefault(s, s.Sql);
                    _deferredObjects.Add(s.Object);
                }

                await PgCopyStore.DeferAsync(c, _runId, s.Object, original, ex.MessageText, cancellationToken);
                lock (_lock)
                {
                    _deferred.Add($"{s.Kind.ToString().ToLowerInvariant()} {s.Object}: {ex.MessageText}");
                }
            }
            catch (PostgresException ex) when (s.Optional)
            {
                lock (_lock)
                {
                    _notes.Add(new SchemaNote(NoteSeverity.Warning, $"{s.Kind.ToString().ToLowerInvariant()} {s.Object}", $"not created: {ex.MessageText}", "create it by hand"));
                }
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"{s.Kind.ToString().ToLowerInvariant()} {s.Object}: {ex.MessageText}\n{s.Sql}", ex);
            }
        }
        finally
        {
            _slots.Release();
            if (countProgress)
            {
                Interlocked.Increment(ref _progress.PostDataDone);
            }
        }
    }

    /// <summary>
    /// Runs one statement, again when PostgreSQL broke a lock cycle by failing it (40P01). Foreign keys run in
    /// parallel, and ADD FOREIGN KEY locks both its tables (SHARE ROW EXCLUSIVE): two keys between the same two tables
    /// in opposite directions (Sakila's store.manager_staff_id and staff.store_id) take the locks in opposite orders.
    /// The failed statement left nothing behind (it ran alone), and the other one has its locks by then.
    /// </summary>
    private static async Task ExecuteRetryingDeadlocksAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var cmd = new NpgsqlCommand(sql, connection);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }
}
