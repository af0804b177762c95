using System.Text.Json;

namespace Godwit.Core.Verify;

/// <summary>A chunk's <see cref="ComparisonOutcome"/> as text, to cross process boundaries (a cluster worker's reply) unchanged.</summary>
internal static class ComparisonWire
{
    public static string Encode(ComparisonOutcome outcome) => JsonSerializer.Serialize(new Wire(
        outcome.SourceRows,
        outcome.TargetRows,
        outcome.Matching,
        [.. outcome.Differences.Select(d => new WireDifference(d.Kind, d.Key.Number, d.Key.Text, Row(d.SourceRow), Row(d.TargetRow), [.. d.Columns], d.Multiplicity))]));

    public static ComparisonOutcome Decode(string text)
    {
        var wire = JsonSerializer.Deserialize<Wire>(text) ?? throw new InvalidOperationException("an empty verify chunk outcome came back");
        var outcome = new ComparisonOutcome { SourceRows = wire.SourceRows, TargetRows = wire.TargetRows, Matching = wire.Matching };
        foreach (var d in wire.Differences)
        {
            var key = new RowKey(d.KeyNumber, d.KeyText);
            outcome.Differences.Add(new PendingDifference(d.Kind, key, Row(d.Source), Row(d.Target), d.Columns) { Multiplicity = d.Multiplicity });
        }

        return outcome;
    }

    private static WireRow? Row(VerifyRow? row) => row is null ? null : new WireRow(row.Key.Number, row.Key.Text, row.Values);

    private static VerifyRow? Row(WireRow? row) => row is null ? null : new VerifyRow(new RowKey(row.KeyNumber, row.KeyText), row.Values);

    private sealed record Wire(long SourceRows, long TargetRows, long Matching, List<WireDifference> Differences);

    private sealed record WireRow(long KeyNumber, string? KeyText, string?[] Values);

    private sealed record WireDifference(DifferenceKind Kind, long KeyNumber, string? KeyText, WireRow? Source, WireRow? Target, List<ColumnDifference> Columns, long Multiplicity);
}
