namespace Godwit.Core.Verify;

/// <summary>One row that is not the same on both sides: the key (the whole row for keyless tables) and, for <see cref="DifferenceKind.Different"/>, the columns.</summary>
public sealed record RowDifference(DifferenceKind Kind, string Key, IReadOnlyList<ColumnDifference> Columns)
{
    /// <summary>For keyless tables: how many more copies one side has than the other.</summary>
    public long Multiplicity { get; init; } = 1;
}
