namespace Godwit.Core.Dashboard;

/// <summary>
/// The dashboard's <c>/metrics</c>: the migration as the target's state store (and the source's log) describe it, so a
/// Prometheus scrape sees copy, stream, verify and cutover whichever process runs them. Names follow the stream's own
/// endpoint (<c>sync --metrics</c>) where both export a number; README's metrics table lists them all.
/// </summary>
public static class DashboardMetrics
{
    public static string Render(DashboardSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var w = new PrometheusWriter();
        Streams(w, snapshot);
        Copy(w, snapshot);
        Verify(w, snapshot);
        Switches(w, snapshot);
        Retention(w, snapshot);
        return w.ToString();
    }

    private static void Streams(PrometheusWriter w, DashboardSnapshot snapshot)
    {
        var streams = snapshot.Streams;
        void Each(string name, string type, string help, Func<StreamSnapshot, double?> value)
        {
            w.Metric(name, type, help);
            foreach (var s in streams)
            {
                w.Sample(name, value(s), ("stream", s.Stream));
            }
        }

        Each("migration_replication_lag_seconds", "gauge", "Seconds the target is behind the source's commits (0 when caught up; grows while the stream is stalled).", s => s.LagSeconds);
        Each("migration_bytes_behind", "gauge", "Source log bytes between the applied position and the source's head (needs --source).", s => s.BytesBehind);
        Each("migration_stream_running", "gauge", "1 when a godwit process applies the stream now (holds its lock), else 0.", s => s.Running ? 1 : 0);
        Each("migration_rows_applied_total", "counter", "Row changes applied to the target by the stream.", s => s.RowsApplied);
        Each("migration_events_applied_total", "counter", "Source change events applied.", s => s.EventsApplied);
        Each("migration_transactions_applied_total", "counter", "Source transactions committed on the target.", s => s.TransactionsApplied);
        Each("migration_events_per_second", "gauge", "Events applied per second, as the stream last measured it.", s => s.EventsPerSecond);
        Each("migration_last_event_timestamp_seconds", "gauge", "Source timestamp of the last applied change (Unix seconds).", s => Unix(s.LastEventTime));
        Each("migration_last_commit_timestamp_seconds", "gauge", "When the stream last committed on the target (Unix seconds).", s => Unix(s.AppliedAt));
        Each("migration_last_error_timestamp_seconds", "gauge", "When the stream last recorded an error (Unix seconds).", s => Unix(s.LastErrorAt));
        Each("migration_errors_total", "counter", "Errors the stream recorded since it began (kept in its state, all kinds; sync --metrics counts them by kind for its own process).", s => s.Errors);
        Each("migration_reconnects_total", "counter", "Reconnects after a lost source or target connection since the stream began (kept in its state).", s => s.Reconnects);
    }

    private static void Copy(PrometheusWriter w, DashboardSnapshot snapshot)
    {
        // The latest run of each stream is the copy that stream stands on.
        var runs = snapshot.CopyRuns.GroupBy(r => r.Run.Stream, StringComparer.Ordinal).Select(g => g.First()).ToList();
        w.Metric("migration_rows_copied_total", "counter", "Rows the bulk copy loaded into the target, by table (latest copy run of the stream).");
        foreach (var run in runs)
        {
            foreach (var t in run.Run.Tables)
            {
                w.Sample("migration_rows_copied_total", t.RowsLoaded, ("stream", run.Run.Stream), ("table", t.Table));
            }
        }

        w.Metric("migration_copy_rows_rejected_total", "counter", "Rows the target refused during the copy, by table (kept in godwit.copy_rejects).");
        foreach (var run in runs)
        {
            foreach (var t in run.Run.Tables)
            {
                w.Sample("migration_copy_rows_rejected_total", t.RowsRejected, ("stream", run.Run.Stream), ("table", t.Table));
            }
        }

        w.Metric("migration_copy_chunks", "gauge", "The copy's chunks by table and state (done, pending).");
        foreach (var run in runs)
        {
            foreach (var t in run.Run.Tables)
            {
                w.Sample("migration_copy_chunks", t.ChunksDone, ("stream", run.Run.Stream), ("table", t.Table), ("state", "done"));
                w.Sample("migration_copy_chunks", t.Chunks - t.ChunksDone, ("stream", run.Run.Stream), ("table", t.Table), ("state", "pending"));
            }
        }

        w.Metric("migration_copy_eta_seconds", "gauge", "Seconds the copy's remaining chunks should take at its pace so far (0 when done).");
        foreach (var run in runs)
        {
            w.Sample("migration_copy_eta_seconds", run.EtaSeconds, ("stream", run.Run.Stream));
        }
    }

    private static void Verify(PrometheusWriter w, DashboardSnapshot snapshot)
    {
        var latest = snapshot.VerifyRuns.Where(v => v.FinishedAt is not null && v.TargetSchema is not null)
            .GroupBy(v => v.TargetSchema!, StringComparer.Ordinal).Select(g => g.First()).ToList();
        w.Metric("migration_verify_mismatches", "gauge", "Differences the latest finished verify of the target schema found (0: equal).");
        foreach (var v in latest)
        {
            w.Sample("migration_verify_mismatches", v.Differences, ("schema", v.TargetSchema!));
        }

        w.Metric("migration_verify_last_run_timestamp_seconds", "gauge", "When the latest verify of the target schema finished (Unix seconds).");
        foreach (var v in latest)
        {
            w.Sample("migration_verify_last_run_timestamp_seconds", Unix(v.FinishedAt), ("schema", v.TargetSchema!));
        }
    }

    private static void Switches(PrometheusWriter w, DashboardSnapshot snapshot)
    {
        // The latest cutover and the latest rollback of each schema (a page with both sides carries both kinds).
        var latest = snapshot.Switches.GroupBy(c => (c.TargetSchema, c.Kind)).Select(g => g.First()).ToList();
        w.Metric("migration_freeze_seconds", "gauge", "How long the latest cutover kept the source frozen (seconds).");
        foreach (var c in latest)
        {
            w.Sample("migration_freeze_seconds", c.FreezeMs / 1000.0, ("schema", c.TargetSchema), ("kind", c.Kind));
        }

        w.Metric("migration_source_frozen", "gauge", "1 while the latest cutover holds the source frozen (or died holding it), else 0.");
        foreach (var c in latest)
        {
            w.Sample("migration_source_frozen", c.SourceFrozen && c.Result is null ? 1 : 0, ("schema", c.TargetSchema), ("kind", c.Kind));
        }
    }

    private static void Retention(PrometheusWriter w, DashboardSnapshot snapshot)
    {
        w.Metric("migration_source_retention_bytes", "gauge", "Log the source keeps for a reader of the migration (a PostgreSQL slot's retained WAL); stream is empty for a slot no stream of this target claims.");
        foreach (var s in snapshot.Streams.Where(s => s.Retention is not null))
        {
            w.Sample("migration_source_retention_bytes", s.Retention!.RetainedBytes, ("stream", s.Stream), ("slot", s.Retention.Name));
        }

        foreach (var r in snapshot.OtherRetention)
        {
            w.Sample("migration_source_retention_bytes", r.RetainedBytes, ("stream", string.Empty), ("slot", r.Name));
        }
    }

    private static double? Unix(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds() / 1000.0;
}
