using System.Globalization;
using Godwit.Core.Assessment;
using Godwit.Core.Connections;

namespace Godwit.Core.Planning;

/// <summary>
/// Writes a migration's runbook from what assess and the catalog know: every command in order with this migration's
/// options, how long each phase should take from the sizes (at assess's assumed copy rate, said as such), the checks
/// between phases, the rollback matrix and the clean-up. A pure function: the CLI gathers the facts.
/// </summary>
public static class RunbookBuilder
{
    /// <summary>How many of the largest tables the runbook lists.</summary>
    private const int LargestTables = 10;

    /// <summary>The lag cutover's gate accepts by default.</summary>
    private const int CutoverMaxLagSeconds = 5;

    public static Runbook Build(RunbookInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var source = Uri(input.Source);
        var target = Uri(input.Target);
        var endpoints = $"--source {source} --target {target}";
        var copySeconds = Assessor.EstimatedCopySeconds(input.Database);
        var pgSource = input.Source.Engine == DatabaseEngine.Postgres;
        var tables = input.Database.Tables;
        var phases = new List<RunbookPhase>
        {
            new()
            {
                Name = "preflight",
                Purpose = "Check both servers and the schema; fix what assess found before anything is copied.",
                Commands =
                [
                    $"godwit ping {endpoints}",
                    .. input.Fixes.Count > 0 ? [$"godwit assess {endpoints} --fix"] : Array.Empty<string>(),
                    $"godwit assess {endpoints}",
                ],
                EstimateBasis = "minutes: assess scans the data for zero dates and invalid values (--no-data-scan skips the scan)",
                Checks = ["assess exits 0: no blocker left (warnings are read and accepted or fixed)"],
            },
            new()
            {
                Name = "copy and stream",
                Purpose = "Create the schema, copy every row from one consistent snapshot, build indexes and constraints, then stream changes from the snapshot's position; it keeps running until the cutover.",
                Commands =
                [
                    $"godwit migrate {endpoints} --jobs {Num(input.Jobs)} --follow --routing-file {Quote(input.RoutingFile)} --metrics {input.MetricsAddress}",
                ],
                EstimatedSeconds = Math.Round(copySeconds),
                EstimateBasis = string.Create(CultureInfo.InvariantCulture, $"{Bytes(tables.Sum(t => t.DataBytes + t.IndexBytes))} of data and indexes at an assumed {Bytes((long)Assessor.AssumedCopyBytesPerSecond)}/s (assess's figure); the dashboard's ETA replaces it once the first chunks are done"),
                Checks =
                [
                    "the copy ends with every table done and no rejected row (the dashboard's Copy section; migrate's summary)",
                    $"godwit status {endpoints} shows the stream running",
                ],
            },
            new()
            {
                Name = "watch",
                Purpose = "Watch the copy and the stream from any machine that reaches the target; alert on lag, stalls, errors and source retention.",
                Commands =
                [
                    $"godwit dashboard {endpoints} --listen {input.DashboardAddress}",
                    $"# Prometheus: scrape http://{input.MetricsAddress}/metrics and the dashboard's /metrics; load deploy/prometheus/godwit-alerts.yml; import deploy/grafana/godwit-dashboard.json into Grafana",
                ],
                EstimateBasis = "runs for the whole migration",
                Checks = ["the alerts are loaded and quiet"],
            },
            new()
            {
                Name = "catch up",
                Purpose = "The stream replays what the source wrote during the copy, then follows it.",
                Commands = [$"godwit status {endpoints}"],
                EstimateBasis = "depends on how much the source writes during the copy; the stream applies faster than an application writes, so the lag falls once the copy is done",
                Checks = [string.Create(CultureInfo.InvariantCulture, $"lag below {CutoverMaxLagSeconds} s and nothing behind the source's head (status, the dashboard)")],
            },
            new()
            {
                Name = "verify",
                Purpose = "Compare source and target while the stream runs (each chunk waits for the stream to pass the source's position).",
                Commands =
                [
                    $"godwit verify {endpoints} --mode checksum",
                    $"godwit verify {endpoints} --mode rows --tables TABLE   # only for a table checksum mode found different",
                ],
                EstimatedSeconds = Math.Round(copySeconds),
                EstimateBasis = "reads every row on both sides: about the copy's time (docs/benchmarks.md)",
                Checks = ["verify exits 0 with 0 differences (the cutover's gate refuses while the latest verify of a table differs)"],
            },
            new()
            {
                Name = "cutover rehearsal",
                Purpose = "Run the cutover's gates and print its plan without changing anything.",
                Commands = [$"godwit cutover {endpoints} --routing-file {Quote(input.RoutingFile)} --dry-run"],
                EstimatedSeconds = 5,
                EstimateBasis = "the gates: the stream's lock and lag, counts of every table, constraints",
                Checks = ["result planned; every gate passes"],
            },
            new()
            {
                Name = "cutover",
                Purpose = "Freeze source writes, drain the stream, move identities, check counts, switch the routing file (the application follows it), hold the source frozen a moment.",
                Commands = [$"godwit cutover {endpoints} --routing-file {Quote(input.RoutingFile)}"],
                EstimatedSeconds = 10,
                EstimateBasis = "the freeze lasts about a second under load (docs/benchmarks.md, issue #8); the gates and the hold add a few seconds",
                Checks =
                [
                    "result switched; the routing file says primary=target",
                    "the application writes to the target (its logs, the target's pg_stat_activity)",
                ],
            },
            new()
            {
                Name = "clean-up",
                Purpose = "End the stream and remove what the migration keeps on the source.",
                Commands =
                [
                    "# stop godwit migrate --follow with SIGTERM (kill -TERM PID): it stops at a transaction boundary, exit 143",
                    $"godwit cutover {endpoints} --complete",
                ],
                EstimateBasis = "seconds",
                Checks = [pgSource ? $"godwit status {endpoints} lists no slot of this migration on the source" : "nothing reads the source's binlog for this migration any more"],
            },
        };

        return new Runbook
        {
            Title = $"Migrating {input.Database.Name} to {input.TargetSchema}",
            MadeAt = input.MadeAt,
            Source = source,
            Target = target,
            Size = new RunbookSize(
                tables.Count,
                tables.Sum(t => t.RowEstimate),
                tables.Sum(t => t.DataBytes),
                tables.Sum(t => t.IndexBytes),
                [.. tables.OrderByDescending(t => t.DataBytes + t.IndexBytes).Take(LargestTables)
                    .Select(t => new TableSize(t.QualifiedName, t.RowEstimate, t.DataBytes + t.IndexBytes, Math.Round((t.DataBytes + t.IndexBytes) / Assessor.AssumedCopyBytesPerSecond, 1)))]),
            Findings = [.. input.Findings.OrderBy(f => f.Severity)],
            Fixes = input.Fixes,
            Phases = phases,
            Rollback = RollbackMatrix.Rows(endpoints, input.RoutingFile, pgSource),
            CleanUp = CleanUp(input, pgSource),
            Notes =
            [
                $"Passwords are not written here: give them in {PasswordResolver.SourcePasswordVariable} and {PasswordResolver.TargetPasswordVariable}, or ~/.my.cnf and ~/.pgpass.",
                "Estimates come from the source catalog's sizes, which are estimates themselves; the dashboard shows the real pace.",
            ],
        };
    }

    private static List<string> CleanUp(RunbookInput input, bool pgSource)
    {
        var steps = new List<string>
        {
            "Keep the source read-only and untouched until the application has run on the target long enough to trust it: it is the way back.",
            $"Drop the target's bookkeeping when no longer needed: DROP SCHEMA godwit CASCADE on the target (it holds the copy's runs, the stream's state, verify runs and cutover records of every migration into this database).",
            $"Remove the routing file ({input.RoutingFile}) from the application's configuration once it no longer follows it.",
        };
        steps.Add(pgSource
            ? "godwit cutover --complete drops the replication slot and publication on the source; check with godwit status --source that no slot of this migration is left (a forgotten slot keeps WAL forever)."
            : "Set the source's binlog retention back if it was raised for the migration, and drop the migration's replication account.");
        return steps;
    }

    /// <summary>A URI as a command argument: without its password, quoted for a POSIX shell when it needs it.</summary>
    private static string Uri(ConnectionUri uri) => Quote(uri.WithPassword(null).ToUnmaskedString());

    private static string Quote(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || "@:/._-+=,%".Contains(c, StringComparison.Ordinal))
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
