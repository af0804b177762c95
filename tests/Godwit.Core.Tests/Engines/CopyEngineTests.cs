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

    private Task<CopyResult> CopyAsync()
    {
        var options = new CopyOptions { Jobs = 1, ChunkRows = 2, SourceDatabase = "shop" };
        return new CopyEngine(_source, _sink, Plan, options, new CopyProgress(), _ => { }).RunAsync(CancellationToken.None);
    }
}
