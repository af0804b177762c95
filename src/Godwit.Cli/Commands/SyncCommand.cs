using System.CommandLine;
using Godwit.Cli.Cluster;
using Godwit.Cli.Cutover;
using Godwit.Cli.Sync;
using Godwit.Core.Connections;
using Godwit.Core.Positions;
using Godwit.Core.Specs;
using Godwit.Providers;

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
        var from = new Option<StreamPosition?>("--from")
        {
            Description = "Start at this binlog position instead of the saved one (or the copy's): FILE:POS, e.g. mysql-bin.000042:1337; from a PostgreSQL source a WAL position X/Y.",
            HelpName = "FILE:POS|X/Y",
            CustomParser = r => ParsePosition(r),
        };
        var fromGtid = new Option<string?>("--from-gtid")
        {
            Description = "Start after these GTIDs instead of the saved position: MariaDB 0-1-100[,…] or a MySQL GTID set.",
            HelpName = "GTIDS",
        };
        var shared = new StreamOptions();
        var stream = shared.Name;
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var onUpdateTriggers = SchemaSupport.OnUpdateTriggersOption();
        var reverse = new Option<bool>("--reverse")
        {
            Description = "After a cutover: apply the target's changes to the source (the reverse stream the cutover prepared), so `godwit rollback` can switch back. "
                + "--source, --target and --stream stay the migration's.",
        };
        var cluster = ClusterOption.Create(required: false);
        cluster.Description = "Run the stream on the worker cluster in this PostgreSQL database (godwit worker): one stream grain, fenced by an epoch in the target, "
            + "moved to another worker when its worker dies. Returns once it runs; MySQL/MariaDB into PostgreSQL only.";
        var stop = new Option<bool>("--stop") { Description = "With --cluster: stop the stream's grain on the cluster (at a transaction boundary)." };
        var command = new Command("sync", "Stream changes from the source's binlog and apply them to the target exactly once, from where the copy (or the last sync) stopped.")
        {
            source, target, from, fromGtid, shared.UntilCaughtUp, shared.NoReverse, shared.OnDdl, shared.Metrics, stream, shared.ServerId, targetSchema, identifierCase, onUpdateTriggers, reverse, cluster, stop, json,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            spec = spec.OverrideWith(new MigrationSpec
            {
                Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase, onUpdateTriggers) with
                {
                    OnDdl = parse.GetValue(shared.OnDdl),
                    Metrics = parse.GetValue(shared.Metrics),
                },
            });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            SchemaSupport.RequireDatabase(sourceUri);

            var start = parse.GetValue(from);
            if (parse.GetValue(fromGtid) is { } gtids)
            {
                if (start is not null)
                {
                    throw new CliException("give --from or --from-gtid, not both.");
                }

                start = ParseGtids(sourceUri, gtids);
            }

            if (parse.GetValue(cluster) is { } clusterUri)
            {
                if (start is not null || parse.GetValue(reverse) || parse.GetValue(shared.UntilCaughtUp) || spec.Options.Metrics is not null)
                {
                    // An explicit start would be applied again by every new activation of the stream grain.
                    throw new CliException("sync --cluster resumes from the target's saved position and runs until --stop: --from, --from-gtid, --reverse, --until-caught-up and --metrics do not apply.");
                }

                var name = parse.GetValue(stream) ?? ReverseEndpoints.TargetSchema(sourceUri, targetUri, spec);
                return parse.GetValue(stop)
                    ? await ClusterStream.StopAsync(console, clusterUri, name, parse.GetValue(json), ct)
                    : await ClusterStream.StartAsync(console, clusterUri, sourceUri, targetUri, spec, name, parse.GetValue(shared.ServerId), spec.Options.OnDdl ?? OnDdlMode.Apply, parse.GetValue(json), ct);
            }

            if (parse.GetValue(stop))
            {
                throw new CliException("--stop stops a stream on the cluster: give --cluster URI (a local godwit sync stops with Ctrl-C or SIGTERM).");
            }

            var options = new SyncRunOptions
            {
                Source = sourceUri,
                Target = targetUri,
                Spec = spec,
                Stream = parse.GetValue(stream),
                Start = start,
                ServerId = parse.GetValue(shared.ServerId),
                OnDdl = spec.Options.OnDdl ?? OnDdlMode.Apply,
                UntilCaughtUp = parse.GetValue(shared.UntilCaughtUp),
            };
            if (parse.GetValue(reverse))
            {
                if (start is not null || parse.GetValue(shared.NoReverse))
                {
                    throw new CliException("--reverse starts where the cutover made the reverse stream and runs it on its own: --from, --from-gtid and --no-reverse do not apply.");
                }

                if (!ReverseEndpoints.Supported(sourceUri, targetUri))
                {
                    throw new CliException($"Godwit does not stream {targetUri.Engine} back into {sourceUri.Engine} yet.");
                }

                // The same stream the other way round, on its own: it ends at a rollback. It starts only once the
                // forward stream has stopped (it does at the switch).
                var directions = StreamTurnaround.For(options)!;
                await directions.WaitForOtherDirectionAsync(directions.Reverse, StreamTurnaround.OtherDirectionPatience, console.Diagnostic, ct);
                return await StreamSession.RunAsync(console, directions.Reverse, spec.Options.Metrics, parse.GetValue(json), ct);
            }

            var turnaround = parse.GetValue(shared.NoReverse) ? null : StreamTurnaround.For(options);
            return await StreamSession.RunAsync(console, options, spec.Options.Metrics, parse.GetValue(json), ct, turnaround);
        });
        return command;
    }

    private static StreamPosition? ParsePosition(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (text is null)
        {
            return null;
        }

        // The two forms do not overlap: a PostgreSQL source's position is a WAL location (X/Y).
        if (!MySqlPositionCodec.Instance.TryParse(text, out var position, out var reason)
            && !(text.Contains('/', StringComparison.Ordinal) && PgLsnCodec.Instance.TryParse(text, out position, out reason)))
        {
            result.AddError($"--from: {reason}.");
            return null;
        }

        return position;
    }

    private static StreamPosition ParseGtids(ConnectionUri source, string text) =>
        ProviderRegistry.Source(source).TryParseTransactionState(text, out var position, out var reason)
            ? position
            : throw new CliException($"--from-gtid: {reason}.");
}
