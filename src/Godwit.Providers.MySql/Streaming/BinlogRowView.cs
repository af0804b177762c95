using Godwit.Core.Sync;
using Godwit.MySql.Binlog;

namespace Godwit.Providers.MySql.Streaming;

/// <summary>A <see cref="BinlogRowImage"/> seen as the apply's <see cref="ISourceRowImage"/> (no copying: the image is reused row to row).</summary>
internal sealed class BinlogRowView : ISourceRowImage
{
    private BinlogRowImage? _image;

    public int ColumnCount => Image.ColumnCount;

    private BinlogRowImage Image => _image ?? throw new InvalidOperationException("no row image");

    public BinlogRowView Over(BinlogRowImage image)
    {
        _image = image;
        return this;
    }

    public bool IsIncluded(int ordinal) => Image.IsIncluded(ordinal);

    public bool IsNull(int ordinal) => Image.IsNull(ordinal);

    public ReadOnlySpan<byte> GetText(int ordinal) => Image.GetText(ordinal);
}
