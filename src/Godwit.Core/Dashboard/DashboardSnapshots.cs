using Godwit.Core.Connections;
using Godwit.Core.Positions;
using Godwit.Core.Providers;

namespace Godwit.Core.Dashboard;

/// <summary>Puts the target's state and the source's log (when known) together into what the dashboard shows.</summary>
public static class DashboardSnapshots
{
    /// <param name="state">The target's state store, read now.</param>
    /// <param name="source">The source's log, or null when the dashboard has no source (or could not read it).</param>
    /// <param name="streamKey">A stream's key (<see cref="StreamKeys"/>), to find what the source keeps for it.</param>
    public static DashboardSnapshot Build(MigrationState state, SourceLog? source, Func<string, string> streamKey)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(streamKey);
        var now = state.ReadAt;
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var streams = new List<StreamSnapshot>();
        foreach (var s in state.Streams)
        {
            var behind = source is null || s.Applied is null ? null : source.BytesAfter(s.Applied);
            var reader = source?.ReaderOf(streamKey(s.Stream));
            if (reader is not null)
            {
                claimed.Add(reader.Name);
            }

            streams.Add(new StreamSnapshot
            {
                Stream = s.Stream,
                Status = s.Status,
                Running = s.Running,
                SourceDatabase = s.SourceDatabase,
                TargetSchema = s.TargetSchema,
                AppliedPosition = s.Applied is null ? null : StreamPositionCodecs.Format(s.Applied),
                LagSeconds = StreamLag.Current(s, behind, now),
                BytesBehind = behind,
                EventsPerSecond = s.EventsPerSecond is null ? null : Math.Round(s.EventsPerSecond.Value, 1),
                EventsApplied = s.EventsApplied,
                RowsApplied = s.RowsApplied,
                TransactionsApplied = s.TransactionsApplied,
                LastEventTime = s.LastEventTime,
                AppliedAt = s.AppliedAt,
                SecondsSinceApplied = s.AppliedAt is { } at ? Math.Round(Math.Max(0, (now - at).TotalSeconds), 1) : null,
                LastError = s.LastError is null ? null : SecretMasker.Mask(s.LastError),
                LastErrorAt = s.LastErrorAt,
                Errors = s.Errors,
                Reconnects = s.Reconnects,
                Retention = reader is null ? null : new SourceRetention(reader.Name, reader.Active, reader.RetainedBytes, reader.Status),
                Samples = state.Samples.TryGetValue(s.Stream, out var samples) ? samples : [],
            });
        }

        return new DashboardSnapshot
        {
            ReadAt = now,
            SourceHead = source is null ? null : StreamPositionCodecs.Format(source.Head),
            OtherRetention = source is null ? [] : [.. source.Readers.Where(r => !claimed.Contains(r.Name)).Select(r => new SourceRetention(r.Name, r.Active, r.RetainedBytes, r.Status))],
            Streams = streams,
            CopyRuns = [.. state.CopyRuns.Select(run => CopyRun(run, now))],
            // The page is served beyond the CLI's masked output: what a server said may quote a connection string.
            Switches = [.. state.Switches.Select(c => c with
            {
                AbortReason = c.AbortReason is null ? null : SecretMasker.Mask(c.AbortReason),
                Steps = [.. c.Steps.Select(step => step with { Detail = step.Detail is null ? null : SecretMasker.Mask(step.Detail) })],
            })],
            VerifyRuns = state.VerifyRuns,
        };
    }

    private static CopyRunSnapshot CopyRun(CopyRunProgress run, DateTimeOffset now)
    {
        var chunks = run.Tables.Sum(t => t.Chunks);
        var done = run.Tables.Sum(t => t.ChunksDone);
        return new CopyRunSnapshot
        {
            Run = run,
            Chunks = chunks,
            ChunksDone = done,
            RowsLoaded = run.Tables.Sum(t => t.RowsLoaded),
            RowsPerSecond = CopyEta.RowsPerSecond(run, now),
            EtaSeconds = run.FinishedAt is null ? CopyEta.Seconds(run, chunks - done, now) : 0,
            TableEtaSeconds = run.Tables.ToDictionary(t => t.Table, t => run.FinishedAt is null ? CopyEta.Seconds(run, t.Chunks - t.ChunksDone, now) : 0, StringComparer.Ordinal),
        };
    }
}
