using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Providers.MySql;

/// <summary>The binlog's head and its files' sizes (SHOW BINARY LOGS), to count the bytes between a position and the head.</summary>
internal sealed class BinlogSourceLog(string file, long position, IReadOnlyList<(string File, long Size)> files) : SourceLog
{
    public override StreamPosition Head { get; } = MySqlPositionCodec.Coordinates(file, position);

    public override long? BytesAfter(StreamPosition applied)
    {
        if (MySqlPositionCodec.Parts(applied) is not ({ } appliedFile, { } appliedOffset, _))
        {
            return null;
        }

        if (appliedFile == file)
        {
            return Math.Max(0, position - appliedOffset);
        }

        var index = files.ToList().FindIndex(f => f.File == appliedFile);
        if (index < 0)
        {
            return null;
        }

        var bytes = Math.Max(0, files[index].Size - appliedOffset);
        for (var i = index + 1; i < files.Count && files[i].File != file; i++)
        {
            bytes += files[i].Size;
        }

        return bytes + position;
    }
}
