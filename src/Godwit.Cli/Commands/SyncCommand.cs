using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Metrics;
using Godwit.Cli.Sync;
using Godwit.Core.Connections;
using Godwit.Core.Specs;
using Godwit.Core.Sync;
using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Gtids;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit sync</c>: change data capture. Streams the source's binlog from where the copy (or the last sync)
/// left off and applies every change to PostgreSQL exactly once, following DDL; reconnects when a server goes
/// away; stops cleanly at a transaction boundary on SIGTERM.
/// </summary>
public static class SyncCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var from = new Option<BinlogPosition?>("--from")
        {
            Description = "Start at this binlog position instead of the saved one (or the copy's): FILE:POS, e.g. mysql-bin.000042:1337.",
            HelpName = "FILE:POS",
            CustomParser = r => ParsePosition(r),
        };
        var fromGtid = new Option<string?>("--from-gtid")
        {
            Description = "Start after these GTIDs instead of the saved position: MariaDB 0-1-100[,…] or a MySQL GTID set.",
            HelpName = "GTIDS",
        };
        var untilCaughtUp = new Option<bool>("--until-caught-up")
        {
            Description = "Exit 0 once everything the source had written when the command started is applied (for scripts and tests).",
        };
        var onDdl = new Option<OnDdlMode?>("--on-ddl")
        {
            Description = "DDL in the stream: apply (default: converted and applied in order), stop (stop before it, position saved), ignore (pass over it).",
            HelpName = "apply|stop|ignore",
        };
        var metrics = new Option<string?>("--metrics")
        {
            Description = "Serve Prometheus metrics at HOST:PORT (e.g. 127.0.0.1:9187; path /metrics).",
            HelpName = "HOST:PORT",
        };
        var stream = new Option<string?>("--stream")
        {
            Description = "The stream's name in godwit.sync_state (several streams can share a target). Default: the target schema.",
            HelpName = "NAME",
        };
        var serverId = new Option<uint?>("--server-id")
        {
            Description = "Replica server id to register with (unique among the source's replicas). Default: derived from the target and stream.",
            HelpName = "N",
        };
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var command = new Command("sync", "Stream changes from the source's binlog and apply them to the target exactly once, from where the copy (or the last sync) stopped.")
        {
            source, target, from, fromGtid, untilCaughtUp, onDdl, metrics, stream, serverId, targetSchema, identifierCase, json,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            spec = spec.OverrideWith(new MigrationSpec
            {
                Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase) with
                {
                    OnDdl = parse.GetValue(onDdl),
                    Metrics = parse.GetValue(metrics),
                },
            });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            SchemaSupport.RequireDatabase(sourceUri);
            if (targetUri.Engine != DatabaseEngine.Postgres)
            {
                throw new CliException($"the target must be a PostgreSQL URI (postgresql://…), not {targetUri}.");
            }

            var start = parse.GetValue(from) is { } position ? BinlogStart.FromPosition(position) : null;
            if (parse.GetValue(fromGtid) is { } gtids)
            {
                if (start is not null)
                {
                    throw new CliException("give --from or --from-gtid, not both.");
                }

                start = ParseGtids(gtids);
            }

            var options = new SyncRunOptions
            {
                Source = sourceUri,
                Target = targetUri,
                Spec = spec,
                Stream = parse.GetValue(stream),
                Start = start,
                ServerId = parse.GetValue(serverId),
                OnDdl = spec.Options.OnDdl ?? OnDdlMode.Apply,
                UntilCaughtUp = parse.GetValue(untilCaughtUp),
            };
            var counters = new SyncMetrics();
            MetricsEndpoint? endpoint = null;
            if (spec.Options.Metrics is { } address)
            {
                try
                {
                    endpoint = MetricsEndpoint.Start(address, counters, options.Stream ?? sourceUri.Database!);
                }
                catch (Exception ex) when (ex is FormatException or System.Net.Sockets.SocketException)
                {
                    throw new CliException($"--metrics {address}: {ex.Message}");
                }

                console.Diagnostic($"godwit: sync: metrics at http://{endpoint.EndPoint}/metrics");
            }

            using var progressStop = new CancellationTokenSource();
            var progress = ReportProgressAsync(console, counters, progressStop.Token);
            try
            {
                var runner = new SyncRunner(options, counters, console.Diagnostic);
                SyncOutcome outcome;
                try
                {
                    outcome = await runner.RunAsync(ct);
                }
                catch (SyncStoppedException ex)
                {
                    throw new CliException(ex.Message);
                }

                if (outcome == SyncOutcome.Stopped)
                {
                    return ExitCode.Interrupted;
                }

                Report(console, parse.GetValue(json), outcome, counters);
                return ExitCode.Success;
            }
            finally
            {
                await progressStop.CancelAsync();
                await progress;
                if (endpoint is not null)
                {
                    await endpoint.DisposeAsync();
                }
            }
        });
        return command;
    }

    /// <summary>One line on stderr every 10 s while the stream runs, so a long catch-up shows it is moving.</summary>
    private static async Task ReportProgressAsync(CliConsole console, SyncMetrics metrics, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        var last = metrics.RowsApplied;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var rows = metrics.RowsApplied;
                console.Diagnostic(string.Create(
                    CultureInfo.InvariantCulture,
                    $"godwit: sync: {rows} rows applied ({(rows - last) / 10.0:0} rows/s), lag {metrics.LagSeconds:0.0} s, {metrics.Reconnects} reconnects"));
                last = rows;
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended.
        }
    }

    private static void Report(CliConsole console, bool json, SyncOutcome outcome, SyncMetrics metrics)
    {
        var name = outcome == SyncOutcome.CaughtUp ? "caught-up" : "end-of-stream";
        if (json)
        {
            console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["outcome"] = name,
                ["transactions_applied"] = metrics.TransactionsApplied,
                ["rows_applied"] = metrics.RowsApplied,
                ["rows_inserted"] = metrics.RowsInserted,
                ["rows_updated"] = metrics.RowsUpdated,
                ["rows_deleted"] = metrics.RowsDeleted,
                ["ddl_applied"] = metrics.DdlApplied,
                ["reconnects"] = metrics.Reconnects,
            }));
            return;
        }

        console.StdOut.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"sync: {name}: {metrics.TransactionsApplied} transactions, {metrics.RowsApplied} rows applied ({metrics.RowsInserted} inserted, {metrics.RowsUpdated} updated, {metrics.RowsDeleted} deleted), {metrics.DdlApplied} DDL, {metrics.Reconnects} reconnects"));
    }

    private static BinlogPosition? ParsePosition(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (text is null)
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pos) || pos < BinlogPosition.FirstEventPosition)
        {
            result.AddError($"--from: '{text}' is not FILE:POS (e.g. mysql-bin.000042:1337, positions start at 4).");
            return null;
        }

        return new BinlogPosition(text[..colon], pos);
    }

    private static BinlogStart ParseGtids(string text)
    {
        try
        {
            return text.Contains(':', StringComparison.Ordinal)
                ? BinlogStart.FromMySqlGtidSet(MySqlGtidSet.Parse(text))
                : BinlogStart.FromMariaDbGtids(MariaDbGtidPosition.Parse(text));
        }
        catch (FormatException ex)
        {
            throw new CliException($"--from-gtid: '{text}' is not a MariaDB GTID position (0-1-100,…) or a MySQL GTID set ({ex.Message}).");
        }
    }
}
