using Godwit.Core.Providers;
using Godwit.Postgres.Apply;
using Npgsql;

namespace Godwit.Postgres.Dashboard;

/// <summary>Every stream in <c>godwit.sync_state</c>, with whether a process holds its lock now (status and the dashboard).</summary>
internal static class PgStreamReports
{
    public static async Task<IReadOnlyList<StreamReport>> ReadAsync(NpgsqlConnection pg, CancellationToken cancellationToken)
    {
        var reports = new List<StreamReport>();
        foreach (var s in await PgSyncStateStore.ReadAllAsync(pg, cancellationToken))
        {
            reports.Add(new StreamReport
            {
                Stream = s.Stream,
                Status = s.Status,
                Running = await PgStreamLock.HolderAsync(pg, s.Stream, cancellationToken) is not null,
                SourceDatabase = s.SourceDatabase,
                TargetSchema = s.TargetSchema,
                Applied = s.Applied,
                AppliedState = s.Gtid,
                SourceHead = s.SourceHead,
                LagSeconds = s.LagSeconds,
                EventsPerSecond = s.EventsPerSecond,
                EventsApplied = s.EventsApplied,
                RowsApplied = s.RowsApplied,
                TransactionsApplied = s.TransactionsApplied,
                LastEventTime = s.LastEventTime,
                AppliedAt = s.AppliedAt,
                UpdatedAt = s.UpdatedAt,
                LastError = s.LastError,
                LastErrorAt = s.LastErrorAt,
                Errors = s.Errors,
                Reconnects = s.Reconnects,
            });
        }

        return reports;
    }
}
