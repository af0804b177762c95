namespace Godwit.Core.Verify;

/// <summary>A difference found by one pass, with the rows it came from, kept until the re-check decides whether it is real.</summary>
internal sealed record PendingDifference(DifferenceKind Kind, RowKey Key, VerifyRow? SourceRow, VerifyRow? TargetRow, IReadOnlyList<ColumnDifference> Columns)
{
    public long Multiplicity { get; init; } = 1;

    /// <summary>For keyless tables the identity of the row is the whole row.</summary>
    public string Identity => Key.Text ?? Key.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
