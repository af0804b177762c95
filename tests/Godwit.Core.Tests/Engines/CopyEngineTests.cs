using System.Globalization;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Specs;
using Godwit.Core.Tests.Engines.Memory;
using Godwit.Core.Types;

namespace Godwit.Core.Tests.Engines;

/// <summary>The copy engine driven by a source and a target held in memory.</summary>
public sealed class CopyEngineTests
{
    private static readonly PgSchemaPlan Plan = MySqlToPostgresMapper.Instance.Map(MemoryStreamSource.Shop(), new MigrationSpec()).Plan;

    private readonly MemoryCopySource _source = new(new Dictionary<string, List<string?[]>>
    {
        ["items"] = [.. Enumerable.Range(1, 5).Select(i => new string?[] { i.ToString(CultureInfo.InvariantCulture), $"item {i}" })],
    });

    private readonly MemoryCopySink _sink = new();

    [Fact]
    public async Task Every_chunk_is_copied_once_and_the_tables_post_data_starts_when_its_last_chunk_lands()
    {
        var result = await CopyAsync();

        Assert.Equal(["1", "2", "3", "4", "5"], _sink.Rows["items"].Order(StringComparer.Ordinal));
        Assert.Equal(3, _sink.Committed.Count);
        Assert.Equal(["items"], _sink.PostDataStarted);
        Assert.Equal(5, result.Totals.Loaded);
        Assert.False(result.Resumed);
    }

    [Fact]
    public async Task A_copy_that_fails_part_way_resumes_with_only_the_chunks_not_yet_done()
    {
        _sink.FailOnce = ("items", 1);

        await Assert.ThrowsAsync<IOException>(CopyAsync);
        var committedBefore = _sink.Committed.ToList();
        var result = await CopyAsync();

        Assert.True(result.Resumed);
        Assert.Equal(["1", "2", "3", "4", "5"], _sink.Rows["items"].Order(StringComparer.Ordinal));
        Assert.Equal(3, _sink.Committed.Count);
        Assert.DoesNotContain("items#1", committedBefore);
        Assert.Equal(5, result.Totals.Loaded);
    }

    [Fact]
    public async Task A_resumed_copy_copies_a_table_split_into_page_ranges_again_from_its_start()
    {
        var source = new MemoryCopySource(new Dictionary<string, List<string?[]>>
        {
            ["items"] = [.. Enumerable.Range(1, 5).Select(i => new string?[] { i.ToString(CultureInfo.InvariantCulture), $"item {i}" })],
        })
        {
            PageRanges = true,
        };
        _sink.FailOnce = ("items", 1);
        var warnings = new List<string>();

        await Assert.ThrowsAsync<IOException>(() => CopyAsync(source, warnings.Add));
        var result = await CopyAsync(source, warnings.Add);

        Assert.Equal(["items"], _sink.Restarted);
        Assert.Equal(["1", "2", "3", "4", "5"], _sink.Rows["items"].Order(StringComparer.Ordinal));
        Assert.Equal(2, _sink.Committed.Count(c => c == "items#0"));
        Assert.Equal(5, result.Totals.Loaded);
        Assert.Contains(warnings, w => w.StartsWith("items: 1 of its 3 chunks were copied at an earlier snapshot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resumed_copy_keeps_the_key_ranges_it_copied_at_an_earlier_snapshot()
    {
        _sink.FailOnce = ("items", 1);

        await Assert.ThrowsAsync<IOException>(CopyAsync);
        await CopyAsync();

        Assert.Empty(_sink.Restarted);
        Assert.Equal(1, _sink.Committed.Count(c => c == "items#0"));
    }

    private Task<CopyResult> CopyAsync() => CopyAsync(_source, _ => { });

    private Task<CopyResult> CopyAsync(MemoryCopySource source, Action<string> warn)
    {
        var options = new CopyOptions { Jobs = 1, ChunkRows = 2, SourceDatabase = "shop" };
        return new CopyEngine(source, _sink, Plan, options, new CopyProgress(), warn).RunAsync(CancellationToken.None);
    }
}
