using System.Globalization;
using System.Text;
using Godwit.Core.Sync;

namespace Godwit.Cli.Metrics;

/// <summary>Renders <see cref="SyncMetrics"/> in the Prometheus text exposition format (version 0.0.4).</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(SyncMetrics metrics, string stream)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var sb = new StringBuilder();
        var label = $"stream=\"{Escape(stream)}\"";
        Metric(sb, "migration_replication_lag_seconds", "gauge", "Seconds between a change's commit on the source and its commit on the target (0 when caught up).", label, metrics.LagSeconds);
        Metric(sb, "migration_bytes_behind", "gauge", "Binlog bytes between the applied position and the source's head (same binlog file only).", label, metrics.BytesBehind);
        sb.Append("# HELP migration_rows_applied_total Row changes applied to the target.\n# TYPE migration_rows_applied_total counter\n");
        Line(sb, "migration_rows_applied_total", $"{label},op=\"insert\"", metrics.RowsInserted);
        Line(sb, "migration_rows_applied_total", $"{label},op=\"update\"", metrics.RowsUpdated);
        Line(sb, "migration_rows_applied_total", $"{label},op=\"delete\"", metrics.RowsDeleted);
        Metric(sb, "migration_events_applied_total", "counter", "Binlog row events applied.", label, metrics.EventsApplied);
        Metric(sb, "migration_transactions_applied_total", "counter", "Source transactions committed on the target.", label, metrics.TransactionsApplied);
        Metric(sb, "migration_ddl_applied_total", "counter", "DDL statements applied from the change stream.", label, metrics.DdlApplied);
        Metric(sb, "migration_reconnects_total", "counter", "Reconnects after a lost source or target connection.", label, metrics.Reconnects);
        Metric(sb, "migration_last_event_timestamp_seconds", "gauge", "Source timestamp of the last applied change (Unix seconds).", label, metrics.LastEventUnixMillis / 1000.0);
        Metric(sb, "migration_last_commit_timestamp_seconds", "gauge", "When the last apply transaction committed (Unix seconds).", label, metrics.LastCommitUnixMillis / 1000.0);
        sb.Append("# HELP migration_errors_total Errors by kind (source_connection, target_connection, ddl, fatal).\n# TYPE migration_errors_total counter\n");
        foreach (var kind in new[] { "source_connection", "target_connection", "connection", "ddl", "fatal" }.Union(metrics.Errors.Keys))
        {
            Line(sb, "migration_errors_total", $"{label},kind=\"{Escape(kind)}\"", metrics.Errors.TryGetValue(kind, out var n) ? n : 0);
        }

        return sb.ToString();
    }

    private static void Metric(StringBuilder sb, string name, string type, string help, string labels, double value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        Line(sb, name, labels, value);
    }

    private static void Line(StringBuilder sb, string name, string labels, double value) =>
        sb.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
