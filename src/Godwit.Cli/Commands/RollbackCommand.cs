using System.CommandLine;
using Godwit.Cli.Cutover;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Specs;
using Godwit.Providers;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit rollback</c>: the cutover backwards. The application writes to the target since a cutover, and the reverse
/// stream (<c>godwit sync --reverse</c>) has kept the old source current; rollback runs the cutover engine the other
/// way round: gates (the reverse stream running, lag, counts), freeze the target's application writes, drain the
/// reverse stream, move the source's AUTO_INCREMENT counters past the target's values, a final count check, then the
/// switch back (the source takes writes again; the routing file says primary=source with version + 1). Inside the
/// freeze it records where the forward stream restarts (the source's position then), so a later cutover can be tried
/// again. Any failure before the switch unfreezes the target and says what it did. Exit 0 rolled back, 3 aborted.
/// </summary>
public static class RollbackCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var maxLag = CommonOptions.Duration("--max-lag", "Gate: the reverse stream must apply the target's current position within this long. Default: 1s.", TimeSpan.FromSeconds(1));
        var freezeTimeout = CommonOptions.Duration(
            "--freeze-timeout", "The longest the target's writes stay frozen waiting for the reverse stream to drain; then the rollback aborts and unfreezes them. Default: 30s.",
            TimeSpan.FromSeconds(30));
        var grace = CommonOptions.Duration(
            "--grace", "How long statements still running on the target may go on after the freeze starts before their sessions are ended. Default: 2s.", TimeSpan.FromSeconds(2));
        var switchHold = CommonOptions.Duration(
            "--switch-hold", "After the switch back, how long writes still sent to the target keep waiting before their sessions are ended. Default: 3s.", TimeSpan.FromSeconds(3));
        var gap = new Option<long>("--sequence-gap")
        {
            Description = "Move every AUTO_INCREMENT counter on the source this far past the target's highest value. Default: 0.",
            HelpName = "N",
        }.NotNegative();
        var routingFile = new Option<string?>("--routing-file")
        {
            Description = "The JSON file the application follows (docs/routing.md): rewritten atomically with primary=source and a higher version at the switch back.",
            HelpName = "PATH",
            Required = true,
        };
        var switchCommand = new Option<string?>("--switch-command")
        {
            Description = "Shell command run at the switch back with GODWIT_PRIMARY=source (and with GODWIT_PRIMARY=target if it must be undone).",
            HelpName = "CMD",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run the gates and print the plan; change nothing." };
        var abort = new Option<bool>("--abort")
        {
            Description = "Make the target writable again after a rollback that was killed while it had frozen it (the routing file still says target); "
                + "a rollback killed inside its switch is finished or undone from what it recorded (give the same --switch-command).",
        };
        var stream = new Option<string?>("--stream") { Description = "The forward change stream (its name in godwit.sync_state). Default: the target schema.", HelpName = "NAME" };
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var command = new Command(
            "rollback",
            "Switch the application back to the source after a cutover: the cutover the other way round, on the reverse stream (godwit sync --reverse). "
            + "--source and --target are the migration's, as for cutover.")
        {
            source, target, routingFile, maxLag, freezeTimeout, grace, switchHold, gap, switchCommand, dryRun, abort, stream, targetSchema, identifierCase, json,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            spec = spec.OverrideWith(new MigrationSpec { Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase) });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            SchemaSupport.RequireDatabase(sourceUri);
            if (!ReverseEndpoints.Supported(sourceUri, targetUri))
            {
                throw new CliException($"Godwit does not stream {targetUri.Engine} back into {sourceUri.Engine} yet: there is no reverse stream to roll back on.");
            }

            var settings = new CutoverOptions
            {
                Source = sourceUri,
                Target = targetUri,
                Spec = spec,
                MaxLag = parse.GetValue(maxLag),
                FreezeTimeout = parse.GetValue(freezeTimeout),
                Grace = parse.GetValue(grace),
                SwitchHold = parse.GetValue(switchHold),
                SequenceGap = parse.GetValue(gap),
                RoutingFile = parse.GetValue(routingFile),
                SwitchCommand = parse.GetValue(switchCommand),
                DryRun = parse.GetValue(dryRun),
            };
            if (parse.GetValue(abort))
            {
                if (settings.DryRun)
                {
                    throw new CliException("--abort changes the target; it has no --dry-run.");
                }

                try
                {
                    console.StdOut.WriteLine(await RollbackRun.RepairAsync(console, sourceUri, targetUri, spec, parse.GetValue(stream), settings, ct));
                }
                catch (CutoverAbortedException ex)
                {
                    throw new CliException(ex.Message);
                }

                return ExitCode.Success;
            }

            var options = RollbackRun.Options(sourceUri, targetUri, spec, parse.GetValue(stream), settings);
            var report = await RollbackRun.RunAsync(console, options, ct);
            var code = report.AbortReason is null ? ExitCode.Success : ExitCode.Aborted;
            if (report.Result == CutoverReport.Switched)
            {
                console.FinalExitCode = code;
            }
            else if (report.Result == CutoverReport.Aborted && !report.SourceWritable)
            {
                code = ExitCode.Error;
                console.FinalExitCode = code;
            }

            if (parse.GetValue(json))
            {
                console.StdOut.WriteLine(CutoverReportJson.Serialize(report));
            }
            else
            {
                CutoverCommand.Write(console, report, rollback: true);
            }

            return code;
        });
        return command;
    }
}
