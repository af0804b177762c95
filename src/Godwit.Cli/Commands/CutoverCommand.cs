using System.CommandLine;
using System.Globalization;
using Godwit.Cli.Cutover;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Providers;
using Spectre.Console;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit cutover</c>: switches the application from the MySQL source to the PostgreSQL target with a short
/// write freeze, or aborts leaving the source writable. Exit 0 switched (or planned with --dry-run), 3 aborted.
/// </summary>
public static class CutoverCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var maxLag = CommonOptions.Duration("--max-lag", "Gate: the change stream must apply the source's current position within this long. Default: 1s.", TimeSpan.FromSeconds(1));
        var freezeTimeout = CommonOptions.Duration(
            "--freeze-timeout", "The longest the source stays read-only waiting for the stream to drain; then the cutover aborts and unfreezes it. Default: 30s.", TimeSpan.FromSeconds(30));
        var grace = CommonOptions.Duration(
            "--grace", "How long statements still running on the source database may go on after the freeze starts before their connections are killed. Default: 2s.", TimeSpan.FromSeconds(2));
        var switchHold = CommonOptions.Duration(
            "--switch-hold",
            "After the switch, how long writes still sent to the source keep waiting for its table lock before their sessions are ended "
            + "(they never commit there; the application retries them on the target): longer than the application takes to re-read the routing file. Default: 3s.",
            TimeSpan.FromSeconds(3));
        var gap = new Option<long>("--sequence-gap")
        {
            Description = "Move every identity this far past the source's highest value (room for stray writes). Default: 0.",
            HelpName = "N",
        }.NotNegative();
        var routingFile = new Option<string?>("--routing-file")
        {
            Description = "JSON file the application follows (see docs/routing.md); rewritten atomically with primary=target and a higher version at the switch.",
            HelpName = "PATH",
        };
        var switchCommand = new Option<string?>("--switch-command")
        {
            Description = "Shell command run at the switch with GODWIT_PRIMARY=target (and again with GODWIT_PRIMARY=source if the switch must be undone).",
            HelpName = "CMD",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run the gates and print the plan; change nothing." };
        var abort = new Option<bool>("--abort") { Description = "Make the source writable again after a cutover that was killed while it was frozen." };
        var complete = new Option<bool>("--complete")
        {
            Description = "After a switched cutover: remove what the stream holds on the source (a PostgreSQL replication slot and publication, which keep WAL until dropped) and say what was removed.",
        };
        var stream = new Option<string?>("--stream") { Description = "The change stream to drain (its name in godwit.sync_state). Default: the one for this source database and target schema.", HelpName = "NAME" };
        var guard = PositiveDuration(
            "--guard",
            "After the switch, keep watching this long and roll back by itself when a trigger fires (the reverse stream's lag or failure, "
            + "the target unreachable, --guard-command exiting non-zero). Runs the reverse stream meanwhile. Exit 3 when it rolled back.");
        var guardMaxLag = CommonOptions.Duration("--guard-max-lag", "Guard trigger: the reverse stream further behind than this at two checks in a row. Default: 30s.", TimeSpan.FromSeconds(30));
        var guardUnreachable = CommonOptions.Duration("--guard-unreachable", "Guard trigger: the target unreachable for this long. Default: 30s.", TimeSpan.FromSeconds(30));
        var guardCommand = new Option<string?>("--guard-command")
        {
            Description = "Guard trigger: a command run every check (with GODWIT_PRIMARY=target); a non-zero exit rolls back, e.g. a query of the application's error rate.",
            HelpName = "CMD",
        };
        var guardVerify = PositiveDuration(
            "--guard-verify",
            "Guard trigger: every DURATION, a checksum verify of the source against the target (each chunk once the reverse stream has applied it: "
            + "the writes made since the switch included); rows that still differ after the re-checks stop the guard without a rollback (exit 2). Off by default (it reads every table).");
        var noReverse = new Option<bool>("--no-reverse")
        {
            Description = "Do not prepare the reverse stream (target → source) inside the freeze: without it, `godwit sync --reverse` and `godwit rollback` have nothing to follow.",
        };
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var command = new Command(
            "cutover",
            "Switch the application to the target: gates (stream running, lag, counts, constraints), freeze source writes, drain the stream, "
            + "move identities, a final count check, then the switch (routing file and/or command). Any failure unfreezes the source.")
        {
            source, target, maxLag, freezeTimeout, grace, switchHold, gap, routingFile, switchCommand, dryRun, abort, complete, stream, noReverse,
            guard, guardMaxLag, guardUnreachable, guardCommand, guardVerify, targetSchema, identifierCase, json,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            spec = spec.OverrideWith(new MigrationSpec { Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase) });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            var database = SchemaSupport.RequireDatabase(sourceUri);
            if (sourceUri.Engine == DatabaseEngine.MySql && targetUri.Engine == DatabaseEngine.MySql && SameServer(sourceUri, targetUri))
            {
                // The freeze is the source server's read_only: on one server it would stop the target's writes too.
                throw new CliException(
                    $"the source and the target are the same MySQL server ({targetUri.Host}:{targetUri.Port}): a cutover freezes the whole source server (read_only), "
                    + "which would freeze the target as well. Cut over between two servers; moving databases within one server is a tenant move.");
            }

            if (parse.GetValue(gap) < 0)
            {
                throw new CliException("--sequence-gap must be 0 or more.");
            }

            if (parse.GetValue(abort))
            {
                if (parse.GetValue(dryRun))
                {
                    throw new CliException("--abort changes the source; it has no --dry-run.");
                }

                return await AbortAsync(console, sourceUri, targetUri, database, spec, parse.GetValue(routingFile), parse.GetValue(switchCommand), ct);
            }

            if (parse.GetValue(complete))
            {
                return await CompleteAsync(console, sourceUri, targetUri, database, spec, parse.GetValue(stream), parse.GetValue(json), ct);
            }

            var options = new CutoverOptions
            {
                Source = sourceUri,
                Target = targetUri,
                Spec = spec,
                Stream = parse.GetValue(stream),
                MaxLag = parse.GetValue(maxLag),
                FreezeTimeout = parse.GetValue(freezeTimeout),
                Grace = parse.GetValue(grace),
                SwitchHold = parse.GetValue(switchHold),
                SequenceGap = parse.GetValue(gap),
                RoutingFile = parse.GetValue(routingFile),
                SwitchCommand = parse.GetValue(switchCommand),
                DryRun = parse.GetValue(dryRun),
            };
            if (!parse.GetValue(noReverse))
            {
                if (ReverseEndpoints.Supported(sourceUri, targetUri))
                {
                    var forwardSchema = ReverseEndpoints.TargetSchema(sourceUri, targetUri, spec);
                    options = options with
                    {
                        Reverse = ReverseEndpoints.Prepare(
                            targetUri, forwardSchema, sourceUri, ProviderRegistry.Source(sourceUri).Schema, ReverseEndpoints.ReverseSpec(sourceUri, spec), ReverseStream.NameFor(options.Stream ?? forwardSchema), sourceUri),
                    };
                }
                else
                {
                    console.Diagnostic($"godwit: cutover: warning: no reverse stream: Godwit does not stream {targetUri.Engine} back into {sourceUri.Engine} yet");
                }
            }

            var guarding = parse.GetValue(guard) is { } watch
                ? new GuardOptions(watch, parse.GetValue(guardMaxLag), parse.GetValue(guardUnreachable), parse.GetValue(guardCommand), TimeSpan.FromSeconds(2)) { VerifyEvery = parse.GetValue(guardVerify) }
                : null;
            if (guarding is not null && (options.Reverse is null || options.DryRun || options.RoutingFile is null))
            {
                throw new CliException("--guard needs the reverse stream (not --no-reverse), a --routing-file to switch back, and no --dry-run.");
            }

            var report = await CutoverEndpoints.RunAsync(options, new ConsoleCutoverObserver(console), ct);
            var code = report.AbortReason is null ? ExitCode.Success : ExitCode.Aborted;
            if (report.Result == CutoverReport.Aborted && !report.SourceWritable)
            {
                // Whatever the signal: "interrupted" (130) would claim the freeze was undone.
                code = ExitCode.Error;
                console.FinalExitCode = code;
            }
            else if (report.Result == CutoverReport.Switched)
            {
                // Switched is switched, even if a stop signal arrived while the routing file was being renamed; set
                // before the output, which could fail.
                console.FinalExitCode = code;
            }

            if (parse.GetValue(json))
            {
                console.StdOut.WriteLine(CutoverReportJson.Serialize(report));
            }
            else
            {
                Write(console, report);
            }

            if (code == ExitCode.Error)
            {
                console.Diagnostic("godwit: error: the cutover aborted but left the source read-only (see the warnings); once the application is known to write to the source, `godwit cutover --abort` or SET GLOBAL read_only = OFF");
            }

            if (guarding is not null && report.Result == CutoverReport.Switched)
            {
                code = await GuardedCutover.WatchAsync(console, guarding, options, spec, parse.GetValue(json), ct);
                console.FinalExitCode = code;
            }

            return code;
        });
        return command;
    }

    /// <summary><c>--abort</c>: undoes what an interrupted cutover left (<see cref="CutoverRepair"/>); a refusal is the operator's error.</summary>
    private static async Task<int> AbortAsync(
        CliConsole console, ConnectionUri sourceUri, ConnectionUri targetUri, string database, MigrationSpec spec, string? routingFile, string? switchCommand, CancellationToken ct)
    {
        var schema = new Godwit.Core.Ddl.DdlOptions
        {
            TargetSchema = spec.Options.TargetSchema,
            IdentifierCase = spec.Options.IdentifierCase ?? Godwit.Core.Specs.IdentifierCase.Lower,
        }.ResolveTargetSchema(database);
        var options = new CutoverOptions { Source = sourceUri, Target = targetUri, Spec = spec, RoutingFile = routingFile, SwitchCommand = switchCommand };
        try
        {
            console.StdOut.WriteLine(await CutoverEndpoints.RepairAsync(options, schema, console.Diagnostic, ct));
        }
        catch (CutoverAbortedException ex)
        {
            throw new CliException(ex.Message);
        }

        return ExitCode.Success;
    }

    /// <summary>
    /// <c>--complete</c>: once the application writes to the target, the stream is over; what it holds on the source goes
    /// (a slot left there keeps every WAL segment the source writes from then on).
    /// </summary>
    private static async Task<int> CompleteAsync(
        CliConsole console, ConnectionUri sourceUri, ConnectionUri targetUri, string database, MigrationSpec spec, string? stream, bool json, CancellationToken ct)
    {
        var schema = new Godwit.Core.Ddl.DdlOptions
        {
            TargetSchema = spec.Options.TargetSchema,
            IdentifierCase = spec.Options.IdentifierCase ?? Godwit.Core.Specs.IdentifierCase.Lower,
        }.ResolveTargetSchema(database);
        var targetProvider = ProviderRegistry.Target(targetUri);
        await using (var control = targetProvider.Control())
        {
            if (await control.LatestCutoverAsync(schema, ct) is not { Result: "switched" })
            {
                throw new CliException(
                    $"{schema} has no switched cutover: the stream may still be needed, so nothing was removed. Cut over first; "
                    + "to abandon the migration instead, drop the source's slot and publication by hand (godwit status --source names them).");
            }
        }

        var dropped = await ProviderRegistry.Source(sourceUri).ForgetStreamAsync(StreamKeys.Of(targetProvider.Stream(spec), stream ?? schema), ct);

        // The way back is closed too: the reverse stream's starting point on the target (a PostgreSQL slot, which
        // keeps the new primary's WAL until it is dropped) goes.
        IReadOnlyList<string> closed = [];
        if (ReverseEndpoints.Supported(sourceUri, targetUri))
        {
            var reverseWriter = ProviderRegistry.Target(ReverseEndpoints.SourceAsTarget(sourceUri)).Stream(ReverseEndpoints.ReverseSpec(sourceUri, spec));
            closed = await ProviderRegistry.Source(ReverseEndpoints.TargetAsSource(targetUri, schema, sourceUri))
                .ForgetStreamAsync(StreamKeys.Of(reverseWriter, ReverseStream.NameFor(stream ?? schema)), ct);
        }

        if (json)
        {
            console.StdOut.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["removed"] = dropped, ["removed_on_target"] = closed }));
        }
        else
        {
            console.StdOut.WriteLine(dropped.Count == 0 ? "nothing to remove on the source" : "removed from the source: " + string.Join(", ", dropped));
            if (closed.Count > 0)
            {
                console.StdOut.WriteLine("removed from the target (the way back is closed): " + string.Join(", ", closed));
            }
        }

        return ExitCode.Success;
    }

    /// <summary>An optional DURATION option that must be positive when given.</summary>
    private static Option<TimeSpan?> PositiveDuration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = r => Core.Specs.DurationParser.TryParse(r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty, out var d) && d > TimeSpan.Zero
            ? d
            : Invalid(r, name),
    };

    private static TimeSpan? Invalid(System.CommandLine.Parsing.ArgumentResult result, string name)
    {
        result.AddError($"{name}: '{(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty)}' is not a positive duration (e.g. 30s, 10m).");
        return null;
    }

    internal static void Write(CliConsole console, CutoverReport report, bool rollback = false)
    {
        var table = new Table().AddColumns("step", "status", "ms", "detail");
        foreach (var step in report.Steps)
        {
            table.AddRow(
                Markup.Escape(step.Name),
                step.Status == CutoverStepResult.Ok ? "[green]ok[/]" : $"[red]{Markup.Escape(step.Status)}[/]",
                ((long)step.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(step.Detail));
        }

        console.Out.Write(table);
        if (report.Result == CutoverReport.Planned)
        {
            console.StdOut.WriteLine("plan (--dry-run, nothing changed):");
            foreach (var line in report.Plan)
            {
                console.StdOut.WriteLine("  " + line);
            }
        }

        foreach (var warning in report.Warnings)
        {
            console.Diagnostic($"godwit: warning: {warning}");
        }

        var outcome = report.Result switch
        {
            CutoverReport.Switched when rollback => string.Create(
                CultureInfo.InvariantCulture,
                $"rolled back: the target's writes were frozen for {report.FreezeMs} ms and stay refused there; the application writes to the source again; `godwit sync` follows the source from here, and a cutover can be tried again"),
            CutoverReport.Aborted when rollback => $"rollback aborted: {report.AbortReason}; the target is {(report.SourceWritable ? "writable" : "STILL FROZEN (see the warnings)")}",
            CutoverReport.Switched => string.Create(
                CultureInfo.InvariantCulture,
                $"switched: writes were frozen for {report.FreezeMs} ms; {report.EventsDrained} events drained; source frozen at {report.SourcePosition}; the source stays read-only as the fallback copy{WayBack(report)}"),
            CutoverReport.Aborted => $"aborted: {report.AbortReason}; the source is {(report.SourceWritable ? "writable" : "STILL READ-ONLY (see the warnings)")}",
            _ => report.AbortReason is null ? "dry run: the gates pass" : $"dry run: {report.AbortReason}",
        };
        console.StdOut.WriteLine(outcome);
    }

    private static string WayBack(CutoverReport report) =>
        report.Steps.Any(s => s.Name == CutoverStep.ReverseStream && s.Status == CutoverStepResult.Ok)
            ? " (`godwit sync --reverse` keeps it current; `godwit rollback` switches back)"
            : string.Empty;

    /// <summary>Whether two MySQL URIs name one server (loopback names are the same host).</summary>
    private static bool SameServer(ConnectionUri a, ConnectionUri b)
    {
        static string Host(string host) => host is "localhost" or "127.0.0.1" or "::1" ? "loopback" : host.ToLowerInvariant();
        return Host(a.Host) == Host(b.Host) && a.Port == b.Port;
    }
}
