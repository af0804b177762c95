using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Cluster;
using Godwit.Core.Connections;
using Godwit.Core.Dashboard;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Providers;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit status</c>: where each change stream is, read from the target's <c>godwit.sync_state</c> (so it
/// works while <c>godwit sync</c> runs elsewhere, and after it stopped): applied position, lag, throughput, the
/// last error, and whether a process is applying it now (its advisory lock); with <c>--source</c> also the source's head and how many binlog bytes the target is behind.
/// </summary>
public static class StatusCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var stream = new Option<string?>("--stream") { Description = "Show only this stream. Default: every stream on the target.", HelpName = "NAME" };
        var cluster = Cluster.ClusterOption.Create(required: false);
        cluster.Description = "Also list the cluster's workers (godwit worker), the chunks each committed and the streams it runs (the worker holding each, its epoch and lag), from this cluster database.";
        var command = new Command("status", "Show the change stream's applied position, lag, bytes behind, events/s and last error (from the target; --source adds the source's head).")
        {
            source, target, stream, cluster, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            var sourceUri = specs.Endpoint(parse.GetValue(source), null, EndpointRole.Source, spec.Origin);
            IReadOnlyList<StreamReport> states = await ProviderRegistry.Target(targetUri).StreamReportsAsync(ct);
            if (parse.GetValue(stream) is { } name)
            {
                states = [.. states.Where(s => s.Stream == name)];
            }

            SourceLog? head = sourceUri is null ? null : await ReadSourceLogAsync(sourceUri, ct);
            var now = DateTimeOffset.UtcNow;
            var streamTarget = ProviderRegistry.Target(targetUri).Stream(spec);
            var readers = states.ToDictionary(s => s.Stream, s => head?.ReaderOf(StreamKeys.Of(streamTarget, s.Stream)));
            var rows = states.Select(s => Describe(s, head, readers[s.Stream], now)).ToList();
            await AddCutoversAsync(targetUri, states, rows, ct);

            // Slots no stream of this target reads: left by an abandoned or failed migration, they keep WAL.
            var unclaimed = head is null ? [] : head.Readers.Where(r => !readers.Values.Contains(r)).ToList();
            var workers = parse.GetValue(cluster) is { } clusterUri ? await ClusterReports.WorkersAsync(clusterUri, ct) : null;
            var clusterStreams = parse.GetValue(cluster) is { } streamsUri ? await ClusterSync.StreamsAsync(streamsUri, ct) : null;
            if (parse.GetValue(json))
            {
                var report = new Dictionary<string, object?>
                {
                    ["source_position"] = head is null ? null : StreamPositionCodecs.Format(head.Head),
                    ["streams"] = rows,
                    ["other_source_slots"] = unclaimed.Select(Slot).ToList(),
                };
                if (workers is not null)
                {
                    report["workers"] = workers.Select(Cli.Cluster.WorkerRows.Json).ToList();
                    report["cluster_streams"] = clusterStreams!.Select(Cli.Cluster.ClusterStreamRows.Json).ToList();
                }

                console.StdOut.WriteLine(JsonSerializer.Serialize(report));
            }
            else if (rows.Count == 0)
            {
                console.StdOut.WriteLine("no change stream on this target yet (run godwit sync)");
                WriteUnclaimed(console, unclaimed);
                WriteWorkers(console, workers, clusterStreams);
            }
            else
            {
                foreach (var row in rows)
                {
                    foreach (var (key, value) in row)
                    {
                        console.StdOut.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-22} {Format(value)}"));
                    }

                    console.StdOut.WriteLine();
                }

                WriteUnclaimed(console, unclaimed);
                WriteWorkers(console, workers, clusterStreams);
            }

            return ExitCode.Success;
        });
        return command;
    }

    private static Dictionary<string, object?> Slot(SourceReader r) => new()
    {
        ["name"] = r.Name,
        ["active"] = r.Active,
        ["retained_bytes"] = r.RetainedBytes,
        ["wal_status"] = r.Status,
    };

    private static void WriteWorkers(CliConsole console, IReadOnlyList<WorkerRow>? workers, IReadOnlyList<StreamJobRow>? streams)
    {
        if (workers is null)
        {
            return;
        }

        console.StdOut.WriteLine(workers.Count == 0 ? "cluster workers: none has joined yet (run godwit worker --cluster URI)" : "cluster workers:");
        foreach (var worker in workers)
        {
            console.StdOut.WriteLine("  " + Cli.Cluster.WorkerRows.Text(worker));
        }

        if (streams is { Count: > 0 })
        {
            console.StdOut.WriteLine("cluster streams (sync --cluster):");
            foreach (var stream in streams)
            {
                console.StdOut.WriteLine("  " + Cli.Cluster.ClusterStreamRows.Text(stream));
            }
        }
    }

    private static void WriteUnclaimed(CliConsole console, IReadOnlyList<SourceReader> unclaimed)
    {
        foreach (var r in unclaimed)
        {
            console.StdOut.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"source slot {r.Name}: no stream of this target reads it ({(r.Active ? "active" : "inactive")}); it keeps {r.RetainedBytes:N0} bytes of WAL (wal_status {r.Status ?? "-"})"));
        }
    }

    private static Dictionary<string, object?> Describe(StreamReport s, SourceLog? head, SourceReader? reader, DateTimeOffset now)
    {
        var applied = s.Applied is null ? null : StreamPositionCodecs.Format(s.Applied);
        long? behind = head is null || s.Applied is null ? null : head.BytesAfter(s.Applied);
        var lag = StreamLag.Current(s, behind, now);

        return new Dictionary<string, object?>
        {
            ["stream"] = s.Stream,
            ["status"] = s.Status,
            // Whether a godwit process holds the stream's lock now: sync_state alone cannot tell a stream killed -9.
            ["running"] = s.Running,
            ["source_database"] = s.SourceDatabase,
            ["target_schema"] = s.TargetSchema,
            ["applied_position"] = applied,
            ["applied_gtid"] = s.AppliedState,
            ["source_position"] = head?.Head is { } current ? StreamPositionCodecs.Format(current) : s.SourceHead is null ? null : StreamPositionCodecs.Format(s.SourceHead),
            ["bytes_behind"] = behind,
            ["lag_seconds"] = lag,
            ["events_per_second"] = s.EventsPerSecond is null ? null : Math.Round(s.EventsPerSecond.Value, 1),
            ["events_applied"] = s.EventsApplied,
            ["rows_applied"] = s.RowsApplied,
            ["transactions_applied"] = s.TransactionsApplied,
            ["last_event_time"] = s.LastEventTime,
            ["applied_at"] = s.AppliedAt,
            ["updated_at"] = s.UpdatedAt,
            ["last_error"] = s.LastError,
            ["last_error_at"] = s.LastErrorAt,
            ["source_slot"] = reader?.Name,
            ["slot_active"] = reader?.Active,
            ["slot_retained_bytes"] = reader?.RetainedBytes,
            ["slot_wal_status"] = reader?.Status,
        };
    }

    /// <summary>Each stream's latest cutover into its schema, and that cutover's guard (what it watched, fired and did).</summary>
    private static async Task AddCutoversAsync(ConnectionUri target, IReadOnlyList<StreamReport> states, List<Dictionary<string, object?>> rows, CancellationToken ct)
    {
        var bySchema = new Dictionary<string, (string? Cutover, JsonElement? Guard)>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var schema = states[i].TargetSchema;
            if (schema is null)
            {
                continue;
            }

            if (!bySchema.TryGetValue(schema, out var latest))
            {
                latest = await Display.GuardSummary.ReadAsync(target, schema, ct);
                bySchema[schema] = latest;
            }

            rows[i]["cutover"] = latest.Cutover;
            rows[i]["guard"] = latest.Guard;
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "-",
        JsonElement guard => Display.GuardSummary.Line(guard),
        bool b => b ? "yes" : "no",
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };

    private static async Task<SourceLog> ReadSourceLogAsync(ConnectionUri uri, CancellationToken ct)
    {
        try
        {
            return await ProviderRegistry.Source(uri).ReadLogAsync(ct);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
