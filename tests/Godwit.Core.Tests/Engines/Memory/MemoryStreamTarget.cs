using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Sync;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>
/// A target provider held in memory: committed rows by key and the stream's position, changed together by a commit
/// (the exactly-once contract), and an insert of a key that is there already fails, so a replay shows.
/// </summary>
internal sealed class MemoryStreamTarget : IStreamTarget
{
    private readonly object _gate = new();

    public string Identity => "memory";

    /// <summary>Committed rows of <c>items</c> by id.</summary>
    public Dictionary<string, IReadOnlyList<string?>> Rows { get; } = new(StringComparer.Ordinal);

    /// <summary>The position committed with the rows.</summary>
    public StreamPosition? Position { get; private set; }

    /// <summary>Where a stream with no position starts (what a copy recorded).</summary>
    public StreamPosition? CopyStart { get; set; }

    public List<string> Statuses { get; } = [];

    public int Commits { get; private set; }

    /// <summary>Loses the connection instead of committing the commit with this number (1-based).</summary>
    public int? LoseCommit { get; set; }

    /// <summary>A cutover id to report once this many commits have been made.</summary>
    public (int AfterCommits, long Id)? Cutover { get; set; }

    /// <summary>What a schema change does; null: applied with one statement.</summary>
    public string? SchemaChangeUnsupported { get; set; }

    public List<string> SchemaChanges { get; } = [];

    public Task<IApplySession> OpenAsync(string stream, CancellationToken cancellationToken) => Task.FromResult<IApplySession>(new MemoryApplySession(this));

    public Task TryRecordStatusAsync(string stream, string status, string? error, CancellationToken cancellationToken)
    {
        Record(error is null ? status : $"{status}: {error}");
        return Task.CompletedTask;
    }

    public bool TryClassify(Exception error, out string? transientKind)
    {
        transientKind = error is MemoryConnectionLostException { OnTarget: true } ? "target_connection" : null;
        return transientKind is not null;
    }

    internal void Record(string status)
    {
        lock (_gate)
        {
            Statuses.Add(status);
        }
    }

    internal long? SwitchedCutover() => Cutover is { } c && Commits >= c.AfterCommits ? c.Id : null;

    /// <summary>Applies a transaction's changes and its position together, or nothing.</summary>
    internal void Commit(IReadOnlyList<(SyncRowKind Kind, string Key, IReadOnlyList<string?>? Values)> changes, StreamPosition position)
    {
        lock (_gate)
        {
            if (LoseCommit == Commits + 1)
            {
                LoseCommit = null;
                throw new MemoryConnectionLostException("the memory target dropped the connection while committing");
            }

            var rows = new Dictionary<string, IReadOnlyList<string?>>(Rows, StringComparer.Ordinal);
            foreach (var (kind, key, values) in changes)
            {
                switch (kind)
                {
                    case SyncRowKind.Insert when rows.ContainsKey(key):
                        throw new InvalidOperationException($"row {key} inserted twice: a change was applied again");
                    case SyncRowKind.Insert or SyncRowKind.Update:
                        rows[key] = values!;
                        break;
                    case SyncRowKind.Truncate:
                        rows.Clear();
                        break;
                    default:
                        rows.Remove(key);
                        break;
                }
            }

            Rows.Clear();
            foreach (var (key, values) in rows)
            {
                Rows[key] = values;
            }

            Position = position;
            Commits++;
        }
    }
}
