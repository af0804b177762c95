using System.Text;
using Godwit.Core.Providers;
using Godwit.Core.Sync;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>The test double's apply of <c>items</c>: each change joins the open transaction, keyed by the first column.</summary>
internal sealed class MemoryApplyTable(string sourceName, List<(SyncRowKind Kind, string Key, IReadOnlyList<string?>? Values)> open) : IApplyTable
{
    public string SourceName => sourceName;

    public bool HasKey => true;

    public ValueTask AddInsertAsync(ISourceRowImage after, CancellationToken cancellationToken)
    {
        open.Add((SyncRowKind.Insert, Key(after), Values(after)));
        return ValueTask.CompletedTask;
    }

    public ValueTask AddUpdateAsync(ISourceRowImage before, ISourceRowImage after, CancellationToken cancellationToken)
    {
        open.Add((SyncRowKind.Update, Key(before), Values(after)));
        return ValueTask.CompletedTask;
    }

    public ValueTask AddDeleteAsync(ISourceRowImage before, CancellationToken cancellationToken)
    {
        open.Add((SyncRowKind.Delete, Key(before), null));
        return ValueTask.CompletedTask;
    }

    public ValueTask AddTruncateAsync(CancellationToken cancellationToken)
    {
        open.Add((SyncRowKind.Truncate, string.Empty, null));
        return ValueTask.CompletedTask;
    }

    private static string Key(ISourceRowImage row) => Encoding.UTF8.GetString(row.GetText(0));

    private static string?[] Values(ISourceRowImage row) =>
        [.. Enumerable.Range(0, row.ColumnCount).Select(i => row.IsNull(i) ? null : Encoding.UTF8.GetString(row.GetText(i)))];
}
