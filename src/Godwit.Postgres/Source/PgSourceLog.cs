using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Postgres.Source;

/// <summary>The WAL's head (its insert position, <see cref="PgStreamSource.WalHeadAsync"/>), the bytes behind it (the LSN difference), and Godwit's slots on the database.</summary>
internal sealed class PgSourceLog(ulong head, IReadOnlyList<SourceReader> slots) : SourceLog
{
    public override StreamPosition Head { get; } = PgLsnCodec.FromLsn(head);

    public override IReadOnlyList<SourceReader> Readers => slots;

    public override long? BytesAfter(StreamPosition applied) => PgLsnCodec.Instance.Distance(applied, Head) is { } bytes ? Math.Max(0, bytes) : null;

    public override SourceReader? ReaderOf(string streamKey)
    {
        var name = PgSlotNames.For(streamKey);
        return slots.FirstOrDefault(s => s.Name == name);
    }
}
