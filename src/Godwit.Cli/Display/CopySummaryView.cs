using System.Globalization;
using System.Text;
using System.Text.Json;
using Godwit.Core.Copy;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Positions;
using Spectre.Console;

namespace Godwit.Cli.Display;

/// <summary>The end-of-migrate summary: a table per source table and phase times that add up to the wall time; or JSON.</summary>
internal static class CopySummaryView
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void WriteTable(CliConsole console, CopyResult r)
    {
        var table = new Table().AddColumns("table", "target", "rows", "rejected", "MB", "seconds", "MB/s", "chunks");
        foreach (var c in table.Columns.Skip(2))
        {
            c.RightAligned();
        }

        foreach (var t in r.Tables)
        {
            var seconds = t.Elapsed.TotalSeconds;
            table.AddRow(
                Markup.Escape(t.Table),
                Markup.Escape(t.Target),
                t.Counts.Loaded.ToString("N0", Inv),
                t.Counts.Rejected.ToString("N0", Inv),
                (t.Counts.Bytes / 1e6).ToString("0.0", Inv),
                seconds.ToString("0.00", Inv),
                // A resumed table's bytes include chunks an earlier run copied, its seconds only this run's.
                seconds > 0 && t.ChunksResumed == 0 ? (t.Counts.Bytes / 1e6 / seconds).ToString("0.0", Inv) : "-",
                t.ChunksResumed > 0 ? $"{t.Chunks} ({t.ChunksResumed} resumed)" : t.Chunks.ToString(Inv));
        }

        var totals = r.Totals;
        table.AddRow("total", string.Empty, totals.Loaded.ToString("N0", Inv), totals.Rejected.ToString("N0", Inv), (totals.Bytes / 1e6).ToString("0.0", Inv), r.Phases.Copy.TotalSeconds.ToString("0.00", Inv),
            r.Phases.Copy.TotalSeconds > 0 && r.Tables.All(t => t.ChunksResumed == 0) ? (totals.Bytes / 1e6 / r.Phases.Copy.TotalSeconds).ToString("0.0", Inv) : "-", r.Tables.Sum(t => t.Chunks).ToString(Inv));
        console.Out.Write(table);
        if (r.AlreadyDone)
        {
            console.StdOut.WriteLine($"migration already complete (run {r.RunId}); nothing to do. Use --restart to copy again.");
        }
        else
        {
            var p = r.Phases;
            console.StdOut.WriteLine(string.Create(Inv,
                $"wall time: schema {p.Schema.TotalSeconds:0.00} s + copy {p.Copy.TotalSeconds:0.00} s + indexes, constraints and analyze after the last row {p.PostData.TotalSeconds:0.00} s = {p.Total.TotalSeconds:0.00} s"));
        }

        if (r.CdcStart is { } start)
        {
            var how = r.Snapshot?.Method == SnapshotMethod.LockFree || r.Attempts > 1 ? "earliest of " + r.Attempts + " snapshot(s); CDC must replay idempotently from it"
                : r.Snapshot?.Method == SnapshotMethod.SlotSnapshot ? "replication slot's exported snapshot" : "global read lock";
            console.StdOut.WriteLine($"consistent at {StreamPositionCodecs.For(start.Engine).Describe(start)} ({how}); CDC starts there: godwit.cdc_start, run {r.RunId}");
        }

        if (r.Resumed)
        {
            console.StdOut.WriteLine($"resumed run {r.RunId}: {r.Tables.Sum(t => t.ChunksResumed)} chunk(s) were already done and were not copied again");
        }

        if (totals.Rejected > 0)
        {
            console.StdOut.WriteLine($"{totals.Rejected:N0} row(s) rejected, written to {r.RejectFile}; read {totals.Read:N0} = loaded {totals.Loaded:N0} + rejected {totals.Rejected:N0}");
        }

    }

    /// <summary>Warnings that go to stderr whatever the output format.</summary>
    public static void WriteWarnings(CliConsole console, CopyResult r)
    {
        foreach (var d in r.Deferred)
        {
            console.Diagnostic($"godwit: warning: deferred until CDC catches up (godwit.deferred_ddl): {d}");
        }

        foreach (var n in r.Notes)
        {
            console.Diagnostic($"godwit: warning: {n.Where}: {n.What}");
        }

        if (r.Totals.Rejected > 0)
        {
            console.Diagnostic($"godwit: warning: {r.Totals.Rejected} row(s) rejected, written to {r.RejectFile} and godwit.copy_rejects");
        }
    }

    /// <param name="extra">More top-level fields (the cluster's workers and their chunks).</param>
    public static void WriteJson(CliConsole console, CopyResult r, Action<Utf8JsonWriter>? extra = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("run_id", r.RunId);
            w.WriteBoolean("resumed", r.Resumed);
            w.WriteBoolean("already_done", r.AlreadyDone);
            w.WriteString("target_schema", r.TargetSchema);
            w.WriteStartObject("consistency");
            w.WriteString("method", r.Snapshot is null ? null : MethodName(r.Snapshot.Method));
            w.WriteNumber("snapshots", r.Attempts);
            w.WriteString("position", r.CdcStart is { } at ? StreamPositionCodecs.Format(at) : null);

            // MySQL's parts as well, under the names they have always had here.
            var (file, offset, gtids) = r.CdcStart is { Engine: MySqlPositionCodec.EngineName } mysql ? MySqlPositionCodec.Parts(mysql) : default;
            w.WriteString("binlog_file", file);
            if (offset is { } pos)
            {
                w.WriteNumber("binlog_pos", pos);
            }
            else
            {
                w.WriteNull("binlog_pos");
            }

            w.WriteString("gtid", gtids);
            w.WriteString("warning", r.Snapshot?.Warning);
            w.WriteEndObject();
            w.WriteStartArray("tables");
            foreach (var t in r.Tables)
            {
                w.WriteStartObject();
                w.WriteString("table", t.Table);
                w.WriteString("target", t.Target);
                w.WriteNumber("rows_read", t.Counts.Read);
                w.WriteNumber("rows_loaded", t.Counts.Loaded);
                w.WriteNumber("rows_rejected", t.Counts.Rejected);
                w.WriteNumber("bytes", t.Counts.Bytes);
                w.WriteNumber("seconds", Math.Round(t.Elapsed.TotalSeconds, 3));
                w.WriteNumber("chunks", t.Chunks);
                w.WriteNumber("chunks_resumed", t.ChunksResumed);
                w.WriteNumber("chunks_passed_through", t.ChunksPassedThrough);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            var totals = r.Totals;
            w.WriteStartObject("totals");
            w.WriteNumber("rows_read", totals.Read);
            w.WriteNumber("rows_loaded", totals.Loaded);
            w.WriteNumber("rows_rejected", totals.Rejected);
            w.WriteNumber("bytes", totals.Bytes);
            w.WriteEndObject();
            w.WriteStartObject("phases");
            w.WriteNumber("schema_s", Math.Round(r.Phases.Schema.TotalSeconds, 3));
            w.WriteNumber("copy_s", Math.Round(r.Phases.Copy.TotalSeconds, 3));
            w.WriteNumber("post_data_s", Math.Round(r.Phases.PostData.TotalSeconds, 3));
            w.WriteEndObject();
            w.WriteNumber("wall_s", Math.Round(r.Phases.Schema.TotalSeconds, 3) + Math.Round(r.Phases.Copy.TotalSeconds, 3) + Math.Round(r.Phases.PostData.TotalSeconds, 3));
            w.WriteString("reject_file", r.RejectFile);
            w.WriteStartArray("deferred");
            foreach (var d in r.Deferred)
            {
                w.WriteStringValue(d);
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var n in r.Notes)
            {
                w.WriteStringValue($"{n.Where}: {n.What}");
            }

            w.WriteEndArray();
            extra?.Invoke(w);
            w.WriteEndObject();
        }

        console.StdOut.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string MethodName(SnapshotMethod method) => method switch
    {
        SnapshotMethod.GlobalReadLock => "global-read-lock",
        SnapshotMethod.SlotSnapshot => "slot-snapshot",
        _ => "lock-free",
    };
}
