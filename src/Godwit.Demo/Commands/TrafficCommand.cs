using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Demo.Ledger;
using Godwit.Demo.Sources;
using Godwit.Demo.Traffic;

namespace Godwit.Demo.Commands;

/// <summary><c>godwit-demo traffic</c>: runs the booking app until its duration, the stop file or Ctrl-C, then reports.</summary>
internal static class TrafficCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var routingFile = new Option<FileInfo>("--routing-file") { Description = "The routing file naming the primary (it must exist: see godwit-demo route).", Required = true, HelpName = "FILE" };
        var source = DemoOptions.Source(
            $"URI of the demo database as the app's own account: MariaDB, or PostgreSQL with ?schema=NAME (default public). A READ_ONLY ADMIN account on MariaDB, or a superuser or table owner on PostgreSQL, would write through the cutover's freeze. Without a password, ${DemoPasswords.AppPasswordVariable} is used, else ${PasswordResolver.SourcePasswordVariable}, ~/.my.cnf or ~/.pgpass.");
        var target = DemoOptions.Target($"PostgreSQL URI of the target database; without a password, ${PasswordResolver.TargetPasswordVariable} or ~/.pgpass is used.");
        var targetSchema = DemoOptions.TargetSchema();
        var rate = new Option<double>("--rate") { Description = "Writes per second, all sessions together.", DefaultValueFactory = _ => 50, HelpName = "N" };
        var workers = new Option<int>("--workers") { Description = "Concurrent app sessions.", DefaultValueFactory = _ => 4, HelpName = "N" };
        var duration = DemoOptions.Duration("--duration", "Stop after this long (e.g. 90s). Default: until --stop-file appears or Ctrl-C.");
        var stopFile = new Option<FileInfo?>("--stop-file") { Description = "Stop once this file exists.", HelpName = "FILE" };
        var ledger = new Option<FileInfo>("--ledger") { Description = "JSON-lines file every settled write is appended to (for godwit-demo check).", Required = true, HelpName = "FILE" };
        var seed = new Option<int?>("--seed") { Description = "Seed for the app's choices and data. Default: a different run each time.", HelpName = "N" };
        var progress = DemoOptions.Duration("--progress-interval", "How often a progress line goes to stderr. Default: 5s.");
        var retryTimeout = DemoOptions.Duration("--retry-timeout", "How long a write is retried after its first failure before it counts as failed. Default: 60s.");
        var json = DemoOptions.Json();
        var command = new Command("traffic", "Run the booking app: new bookings, confirmations, cancellations at a steady rate, through the routing file.")
        {
            routingFile, source, target, targetSchema, rate, workers, duration, stopFile, ledger, seed, progress, retryTimeout, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var sourceUri = DemoPasswords.ResolveApp(parse.GetValue(source)!);
            var targetUri = DemoPasswords.Resolve(parse.GetValue(target)!, EndpointRole.Target);
            if (sourceUri.Engine is not (DatabaseEngine.MySql or DatabaseEngine.Postgres) || targetUri.Engine != DatabaseEngine.Postgres)
            {
                throw new DemoException($"--source must be a MariaDB/MySQL or PostgreSQL URI and --target a PostgreSQL URI ({sourceUri}, {targetUri}).");
            }

            SecretMasker.Register(sourceUri.Password);
            SecretMasker.Register(targetUri.Password);
            var options = new BookingTrafficOptions
            {
                RoutingFile = parse.GetValue(routingFile)!.FullName,
                Source = sourceUri,
                Target = targetUri,
                TargetSchema = parse.GetValue(targetSchema),
                LedgerPath = parse.GetValue(ledger)!.FullName,
                Rate = parse.GetValue(rate),
                Workers = parse.GetValue(workers),
                Duration = parse.GetValue(duration),
                StopFile = parse.GetValue(stopFile)?.FullName,
                Seed = parse.GetValue(seed),
                Progress = stderr,
                ProgressInterval = parse.GetValue(progress) ?? TimeSpan.FromSeconds(5),
                RetryTimeout = parse.GetValue(retryTimeout) ?? TimeSpan.FromSeconds(60),
            };
            BookingTraffic traffic;
            try
            {
                traffic = new BookingTraffic(options);
            }
            catch (ArgumentException ex)
            {
                throw new DemoException(ex.Message, ex);
            }

            await stderr.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"traffic: {options.Rate:0.#} writes/s in {options.Workers} sessions, following {options.RoutingFile}; ledger {options.LedgerPath}"));
            var report = await traffic.RunAsync(ct);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(report, TrafficLedger.JsonOptions));
            }
            else
            {
                await WriteTextAsync(stdout, report, options.SourceEngine);
            }

            foreach (var error in report.Errors)
            {
                await stderr.WriteLineAsync($"traffic: failed write: {error}");
            }

            return report.Failed == 0 ? DemoExitCode.Success : DemoExitCode.Findings;
        });
        return command;
    }

    private static async Task WriteTextAsync(TextWriter stdout, TrafficReport r, IDemoSource source)
    {
        await stdout.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"traffic: {r.Attempted} writes: {r.Acknowledged} acknowledged ({r.AcknowledgedOnSource} by the source, {r.AcknowledgedOnTarget} by the target), {r.Retried} retried, {r.Failed} failed"));
        await stdout.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"traffic: {r.WritesPerSecond:0.0} writes/s; latency p50 {r.P50LatencyMs:0.0} ms, p99 {r.P99LatencyMs:0.0} ms, max {r.MaxLatencyMs:0.0} ms"));
        if (r.SwitchSeenAt is { } seen)
        {
            await stdout.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"traffic: switch to {BookingTraffic.Name(r.FinalPrimary, source)} seen at {seen:HH:mm:ss.fff}; writes paused {r.WriteGapMs ?? 0:0} ms between the last on the source and the first on the target"));
        }
    }
}
