using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.MySql;
using Godwit.MySql.Binlog;
using Godwit.Postgres;
using Godwit.Postgres.Apply;

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
        var command = new Command("status", "Show the change stream's applied position, lag, bytes behind, events/s and last error (from the target; --source adds the source's head).")
        {
            source, target, stream, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            var sourceUri = specs.Endpoint(parse.GetValue(source), null, EndpointRole.Source, spec.Origin);
            IReadOnlyList<SyncState> states;
            var appliers = new Dictionary<string, int?>(StringComparer.Ordinal);
            await using (var pg = await PgConnectionFactory.OpenAsync(targetUri, ct))
            {
                states = await PgSyncStateStore.ReadAllAsync(pg, ct);
                if (parse.GetValue(stream) is { } name)
                {
                    states = [.. states.Where(s => s.Stream == name)];
                }

                foreach (var state in states)
                {
                    appliers[state.Stream] = await PgStreamLock.HolderAsync(pg, state.Stream, ct);
                }
            }

            SourceHead? head = sourceUri is null ? null : await ReadSourceHeadAsync(sourceUri, ct);
            var now = DateTimeOffset.UtcNow;
            var rows = states.Select(s => Describe(s, head, now, appliers[s.Stream])).ToList();
            if (parse.GetValue(json))
            {
                console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["source_position"] = head?.Position,
                    ["streams"] = rows,
                }));
            }
            else if (rows.Count == 0)
            {
                console.StdOut.WriteLine("no change stream on this target yet (run godwit sync)");
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
            }

            return ExitCode.Success;
        });
        return command;
    }

    private static Dictionary<string, object?> Describe(SyncState s, SourceHead? head, DateTimeOffset now, int? applier)
    {
        var applied = s.BinlogFile is null ? null : $"{s.BinlogFile}:{s.BinlogPos?.ToString(CultureInfo.InvariantCulture)}";
        long? behind = head is null || s.BinlogFile is null || s.BinlogPos is null ? null : head.BytesAfter(s.BinlogFile, s.BinlogPos.Value);
        double? lag = behind == 0 ? 0 : s.LagSeconds;
        if (behind > 0 && s.LastEventTime is { } lastEvent)
        {
            // Behind the source: at least as old as the last applied change.
            lag = Math.Max(lag ?? 0, (now - lastEvent).TotalSeconds);
        }

        if (s.Status == "reconnecting" && s.AppliedAt is { } appliedAt)
        {
            // Stalled (a connection lost, nothing committed since): the lag grows with the stall.
            lag = Math.Max(lag ?? 0, (s.LagSeconds ?? 0) + (now - appliedAt).TotalSeconds);
        }

        return new Dictionary<string, object?>
        {
            ["stream"] = s.Stream,
            ["status"] = s.Status,
            // Whether a godwit process holds the stream's lock now: sync_state alone cannot tell a stream killed -9.
            ["running"] = applier is not null,
            ["source_database"] = s.SourceDatabase,
            ["target_schema"] = s.TargetSchema,
            ["applied_position"] = applied,
            ["applied_gtid"] = s.Gtid,
            ["source_position"] = head?.Position ?? (s.SourceFile is null ? null : $"{s.SourceFile}:{s.SourcePos?.ToString(CultureInfo.InvariantCulture)}"),
            ["bytes_behind"] = behind,
            ["lag_seconds"] = lag is null ? null : Math.Round(lag.Value, 3),
            ["events_per_second"] = s.EventsPerSecond is null ? null : Math.Round(s.EventsPerSecond.Value, 1),
            ["events_applied"] = s.EventsApplied,
            ["rows_applied"] = s.RowsApplied,
            ["transactions_applied"] = s.TransactionsApplied,
            ["last_event_time"] = s.LastEventTime,
            ["applied_at"] = s.AppliedAt,
            ["updated_at"] = s.UpdatedAt,
            ["last_error"] = s.LastError,
            ["last_error_at"] = s.LastErrorAt,
        };
    }

    private static string Format(object? value) => value switch
    {
        null => "-",
        bool b => b ? "yes" : "no",
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };

    private static async Task<SourceHead> ReadSourceHeadAsync(ConnectionUri uri, CancellationToken ct)
    {
        await using var connection = await MySqlConnection.OpenAsync(MySqlConnectionSettings.FromUri(uri) with { Database = null }, ct);
        var head = await BinlogHead.ReadAsync(connection, ct)
            ?? throw new CliException("SHOW MASTER STATUS returned nothing: the source's binary log is off.");
        var sizes = new List<(string File, long Size)>();
        await using (var reader = await connection.QueryAsync("SHOW BINARY LOGS", ct))
        {
            while (await reader.ReadAsync(ct))
            {
                sizes.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        return new SourceHead(head.FileName, head.Position, sizes);
    }

    /// <summary>The source's binlog head and file sizes, to count the bytes between an applied position and the head.</summary>
    private sealed record SourceHead(string File, long Pos, IReadOnlyList<(string File, long Size)> Files)
    {
        public string Position => $"{File}:{Pos.ToString(CultureInfo.InvariantCulture)}";

        public long? BytesAfter(string file, long position)
        {
            if (file == File)
            {
                return Math.Max(0, Pos - position);
            }

            var index = Files.ToList().FindIndex(f => f.File == file);
            if (index < 0)
            {
                return null;
            }

            long bytes = Math.Max(0, Files[index].Size - position);
            for (var i = index + 1; i < Files.Count && Files[i].File != File; i++)
            {
                bytes += Files[i].Size;
            }

            return bytes + Pos;
        }
    }
}
