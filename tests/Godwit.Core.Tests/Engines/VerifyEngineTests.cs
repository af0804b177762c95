using Godwit.Core.Specs;
using Godwit.Core.Tests.Engines.Memory;
using Godwit.Core.Types;
using Godwit.Core.Verify;

namespace Godwit.Core.Tests.Engines;

/// <summary>The verify engine driven by two endpoints held in memory.</summary>
public sealed class VerifyEngineTests
{
    private static readonly VerifyTable Items = VerifyTable.Create(
        MySqlToPostgresMapper.Instance.Map(MemoryStreamSource.Shop(), new MigrationSpec()).Plan.Tables.Single());

    private readonly SortedDictionary<long, string?[]> _source = new(Enumerable.Range(1, 1000).ToDictionary(i => (long)i, i => new string?[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"item {i}" }));
    private readonly SortedDictionary<long, string?[]> _target;

    public VerifyEngineTests() => _target = new(_source.ToDictionary(p => p.Key, p => (string?[])p.Value.Clone()));

    [Theory]
    [InlineData(VerifyMode.Checksum)]
    [InlineData(VerifyMode.Rows)]
    public async Task Equal_tables_verify_equal(VerifyMode mode)
    {
        var report = await VerifyAsync(mode);

        Assert.True(report.AllEqual);
        Assert.Equal(1000, report.Tables.Single().SourceRows);
    }

    [Theory]
    [InlineData(VerifyMode.Checksum)]
    [InlineData(VerifyMode.Rows)]
    public async Task A_changed_a_missing_and_an_extra_row_are_each_found_by_key(VerifyMode mode)
    {
        _target[500][1] = "item 500 changed";
        _target.Remove(42);
        _target[2000] = ["2000", "stray"];

        var table = (await VerifyAsync(mode)).Tables.Single();

        Assert.Equal((1L, 1L, 1L), (table.Different, table.MissingOnTarget, table.ExtraOnTarget));
        Assert.Equal(["id=2000", "id=42", "id=500"], table.Differences.Select(d => d.Key.ToString()).Order(StringComparer.Ordinal));
    }

    private Task<VerifyReport> VerifyAsync(VerifyMode mode)
    {
        var options = new VerifyOptions { Mode = mode, ChunkRows = 100, LeafRows = 16, Recheck = null };
        var runner = new VerifyRunner(new MemoryTableVerifyEndpoint(_source), new MemoryTableVerifyEndpoint(_target), options, null, null, null);
        return runner.RunAsync("memory", "memory", [Items], restart: false, CancellationToken.None);
    }
}
