using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Metrics;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Sync;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Sync;

/// <summary>
/// Runs the <see cref="SyncEngine"/> the way the CLI does for <c>godwit sync</c> and <c>godwit migrate --follow</c>:
/// the optional Prometheus endpoint, a progress line on stderr every 10 s, the outcome on stdout, and the exit code.
/// </summary>
public static class StreamSession
{
    /// <summary>
    /// Streams until caught up (with <see cref="SyncRunOptions.UntilCaughtUp"/>), the end of the stream, or a stop;
    /// returns the exit code. With <paramref name="turnaround"/>, a switch does not end it: it follows the application
    /// to the other database (<see cref="StreamTurnaround"/>).
    /// </summary>
    public static async Task<int> RunAsync(CliConsole console, SyncRunOptions options, string? metricsAddress, bool json, CancellationToken cancellationToken, StreamTurnaround? turnaround = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        var counters = new SyncMetrics();
        MetricsEndpoint? endpoint = null;
        if (metricsAddress is { } address)
        {
            try
            {
                endpoint = MetricsEndpoint.Start(address, counters, options.Stream ?? options.Source.Database!);
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
            var logger = console.Logging.CreateLogger("Godwit.Sync");
            Task<SyncOutcome> Run(SyncRunOptions direction) => StreamEndpoints.Engine(direction, counters, logger).RunAsync(cancellationToken);
            SyncOutcome outcome;
            try
            {
                outcome = turnaround is null ? await Run(options) : await turnaround.RunAsync(Run, console.Diagnostic, cancellationToken);
            }
            catch (SyncException ex)
            {
                throw new CliException(ex.Message);
            }

            if (outcome == SyncOutcome.Stopped)
            {
                return ExitCode.Interrupted;
            }

            Report(console, json, outcome, counters);
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
        var name = outcome switch
        {
            SyncOutcome.CaughtUp => "caught-up",
            SyncOutcome.CutOver => "cut-over",
            _ => "end-of-stream",
        };
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
}
