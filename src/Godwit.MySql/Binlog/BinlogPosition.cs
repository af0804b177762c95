using System.Globalization;

namespace Godwit.MySql.Binlog;

/// <summary>A place in the source's binlog: a file name and a byte offset into it (4 is the first event).</summary>
public sealed record BinlogPosition(string FileName, long Position)
{
    /// <summary>The offset of the first event after the 4-byte magic number.</summary>
    public const long FirstEventPosition = 4;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FileName}:{Position}");
}
