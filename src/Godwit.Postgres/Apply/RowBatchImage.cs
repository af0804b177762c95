using Godwit.Core.Copy;
using Godwit.Core.Sync;

namespace Godwit.Postgres.Apply;

/// <summary>A row kept in a <see cref="RowBatch"/> seen as a row image again: source ordinals map to the batch's columns.</summary>
internal sealed class RowBatchImage(RowBatch batch, int[] columnOfOrdinal) : ISourceRowImage
{
    public int Row { get; set; }

    public int ColumnCount => columnOfOrdinal.Length;

    public bool IsIncluded(int ordinal) => ordinal < columnOfOrdinal.Length && columnOfOrdinal[ordinal] >= 0;

    public bool IsNull(int ordinal) => batch.IsNull(Row, columnOfOrdinal[ordinal]);

    public ReadOnlySpan<byte> GetText(int ordinal) => batch.Value(Row, columnOfOrdinal[ordinal]);
}
