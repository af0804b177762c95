using System.CommandLine;
using System.Globalization;
using Godwit.Cli.Cutover;
using Godwit.Core.Connections;
using Godwit.Core.Specs;
using Godwit.MySql;
using Godwit.Postgres.Cutover;
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
        var stream = new Option<string?>("--stream") { Description = "The change stream to drain (its name in godwit.sync_state). Default: the one for this source database and target schema.", HelpName = "NAME" };
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var command = new Command(
            "cutover",
            "Switch the application to the target: gates (stream running, lag, counts, constraints), freeze source writes, drain the stream, "
            + "move identities, a final count check, then the switch (routing file and/or command). Any failure unfreezes the source.")
        {
            source, target, maxLag, freezeTimeout, grace, switchHold, gap, routingFile, switchCommand, dryRun, abort, stream, targetSchema, identifierCase, json,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            spec = spec.OverrideWith(new MigrationSpec { Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase) });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            var database = SchemaSupport.RequireDatabase(sourceUri);
            if (targetUri.Engine != DatabaseEngine.Postgres)
            {
                throw new CliException($"the target must be a PostgreSQL URI (postgresql://…), not {targetUri}.");
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
            var report = await new CutoverRunner(options, new ConsoleCutoverObserver(console)).RunAsync(ct);
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

            return code;
        });
        return command;
    }

    /// <summary>
    /// <c>--abort</c>: a cutover killed while the source was frozen leaves it read-only. Killed before its switch step,
    /// it is undone (the source made writable). Killed inside its switch step, it is finished or undone from what it
    /// recorded (<see cref="RepairSwitchAsync"/>). Refused when it switched already: the application writes to the
    /// target then, and a writable source would invite split-brain writes.
    /// </summary>
    private static async Task<int> AbortAsync(
        CliConsole console, ConnectionUri sourceUri, ConnectionUri targetUri, string database, MigrationSpec spec, string? routingFile, string? switchCommand, CancellationToken ct)
    {
        var schema = new Godwit.Core.Ddl.DdlOptions
        {
            TargetSchema = spec.Options.TargetSchema,
            IdentifierCase = spec.Options.IdentifierCase ?? Godwit.Core.Specs.IdentifierCase.Lower,
        }.ResolveTargetSchema(database);
        await using var held = await PgCutoverStore.LockAsync(targetUri, schema, ct)
            ?? throw new CliException($"a godwit cutover of {schema} is running: it unfreezes the source itself if it aborts.");
        await using var freezer = new SourceFreezer(MySqlConnectionSettings.FromUri(sourceUri), database, console.Diagnostic);
        if (!await freezer.IsReadOnlyAsync(ct))
        {
            console.StdOut.WriteLine("the source is writable; nothing to undo");
            return ExitCode.Success;
        }

        var latest = await PgCutoverStore.LatestAsync(targetUri, schema, ct);
        if (latest is { Result: CutoverReport.Switched })
        {
            throw new CliException($"the cutover {latest.Value.Id.ToString(CultureInfo.InvariantCulture)} switched to the target already; the read-only source is the fallback copy and stays read-only.");
        }

        if (latest is { Step: CutoverStep.Switch, Result: null } killed)
        {
            return await RepairSwitchAsync(console, killed.Id, freezer, sourceUri, targetUri, routingFile, switchCommand, ct);
        }

        if (latest is { Step: CutoverStep.Switch })
        {
            throw new CliException(
                $"the cutover {latest.Value.Id.ToString(CultureInfo.InvariantCulture)} stopped inside its switch step and its switch command could not be undone, so the application may already write to the target: "
                + "check the routing file (and the switch command's effect); if the application still uses the source, make it writable by hand (SET GLOBAL read_only = OFF).");
        }

        if (routingFile is not null && Godwit.Routing.RoutingFile.Read(routingFile) is { Primary: Godwit.Routing.RoutingPrimary.Target } routed)
        {
            throw new CliException($"the routing file {routingFile} says primary=target (version {routed.Version.ToString(CultureInfo.InvariantCulture)}): the application has moved; the source stays read-only.");
        }

        await freezer.ForceUnfreezeAsync(ct);
        if (latest is { } row && row.Result is null)
        {
            await PgCutoverStore.FinishAsync(targetUri, row.Id, CutoverReport.Aborted, false, null, null, "aborted with godwit cutover --abort", "{}", ct);
        }

        console.StdOut.WriteLine("the source is writable again (read_only = OFF)");
        return ExitCode.Success;
    }

    /// <summary>
    /// A cutover killed inside its switch step. The routing file is renamed last, so if it says target at the
    /// switch's version the switch completed: it is recorded as switched and the source stays read-only. Otherwise the
    /// application was not told by the file; if the switch command had started, it is run again with
    /// GODWIT_PRIMARY=source at the version the cutover reserved for an undo (the same --switch-command must be given),
    /// then the source is made writable and the cutover recorded as aborted. A staged routing file left beside the
    /// real one is removed either way.
    /// </summary>
    private static async Task<int> RepairSwitchAsync(
        CliConsole console, long id, SourceFreezer freezer, ConnectionUri sourceUri, ConnectionUri targetUri, string? routingFile, string? switchCommand, CancellationToken ct)
    {
        var name = id.ToString(CultureInfo.InvariantCulture);
        var (undoVersion, commandStarted) = await PgCutoverStore.SwitchFactsAsync(targetUri, id, ct);
        if (routingFile is not null)
        {
            foreach (var staged in Godwit.Routing.RoutingFile.DiscardStaged(routingFile))
            {
                console.Diagnostic($"godwit: cutover: removed the staged routing file {staged}");
            }
        }

        var routed = routingFile is null ? null : Godwit.Routing.RoutingFile.Read(routingFile);
        if (routed is { Primary: Godwit.Routing.RoutingPrimary.Target } && (undoVersion is null || routed.Version >= undoVersion - 1))
        {
            await PgCutoverStore.FinishAsync(targetUri, id, CutoverReport.Switched, true, null, routed.Version, null, "{}", ct);
            console.StdOut.WriteLine(
                $"the cutover {name} had switched (the routing file says target, version {routed.Version.ToString(CultureInfo.InvariantCulture)}): recorded as switched; the source stays read-only as the fallback copy");
            return ExitCode.Success;
        }

        var done = new List<string>();
        if (commandStarted)
        {
            if (switchCommand is null)
            {
                throw new CliException(
                    $"the cutover {name} had started its switch command (GODWIT_PRIMARY=target) when it was killed: give the same --switch-command to --abort, "
                    + "which runs it with GODWIT_PRIMARY=source before the source is made writable");
            }

            var version = undoVersion ?? 0;
            await SwitchCommand.RunAsync(switchCommand, "source", version, routingFile, sourceUri, targetUri, TimeSpan.FromSeconds(30), console.Diagnostic, ct);
            done.Add($"switch command run with GODWIT_PRIMARY=source (version {version.ToString(CultureInfo.InvariantCulture)})");
        }

        await freezer.ForceUnfreezeAsync(ct);
        done.Add("the source is writable again (read_only = OFF)");
        await PgCutoverStore.FinishAsync(
            targetUri, id, CutoverReport.Aborted, false, null, undoVersion, "killed inside its switch step; undone with godwit cutover --abort", "{}", ct);
        console.StdOut.WriteLine($"the switch of cutover {name} was undone: {string.Join("; ", done)}" + (routingFile is null ? string.Empty : $"; {routingFile} still says source"));
        return ExitCode.Success;
    }

    private static void Write(CliConsole console, CutoverReport report)
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
            CutoverReport.Switched => string.Create(
                CultureInfo.InvariantCulture,
                $"switched: writes were frozen for {report.FreezeMs} ms; {report.EventsDrained} events drained; source frozen at {report.SourcePosition}; the source stays read-only as the fallback copy"),
            CutoverReport.Aborted => $"aborted: {report.AbortReason}; the source is {(report.SourceWritable ? "writable" : "STILL READ-ONLY (see the warnings)")}",
            _ => report.AbortReason is null ? "dry run: the gates pass" : $"dry run: {report.AbortReason}",
        };
        console.StdOut.WriteLine(outcome);
    }
}
