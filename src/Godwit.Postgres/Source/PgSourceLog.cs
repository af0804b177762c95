using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Postgres.Source;

/// <summary>The WAL's head (<c>pg_current_wal_lsn()</c>); the bytes behind it are the LSN difference.</summary>
internal sealed class PgSourceLog(ulong head) : SourceLog
{
    public override StreamPosition Head { get; } = PgLsnCodec.FromLsn(head);

    public override long? BytesAfter(StreamPosition applied) => PgLsnCodec.Instance.Distance(applied, Head) is { } bytes ? Math.Max(0, bytes) : null;
}
