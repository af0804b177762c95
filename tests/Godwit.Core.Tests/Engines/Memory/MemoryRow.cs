using System.Text;
using Godwit.Core.Sync;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>A row image of the test double: every column's text (null for NULL).</summary>
internal sealed class MemoryRow(params string?[] values) : ISourceRowImage
{
    public IReadOnlyList<string?> Values => values;

    public int ColumnCount => values.Length;

    public bool IsIncluded(int ordinal) => true;

    public bool IsNull(int ordinal) => values[ordinal] is null;

    public ReadOnlySpan<byte> GetText(int ordinal) => Encoding.UTF8.GetBytes(values[ordinal] ?? string.Empty);
}
