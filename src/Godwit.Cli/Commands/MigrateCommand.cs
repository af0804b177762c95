using System.CommandLine;
using Godwit.Cli.Display;
using Godwit.Cli.Sync;
using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Providers;
using Godwit.Routing;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit migrate</c>: creates the schema (pre-data), copies every row from one consistent snapshot in
/// parallel primary-key chunks, then builds keys, indexes and constraints in parallel, sets identity sequences
/// and runs ANALYZE. Re-running after a crash resumes where the committed chunks end. With <c>--follow</c> it then
/// goes straight on into the change stream (the same sync engine as <c>godwit sync</c>) from the copy's
/// recorded position; re-running the same command after a crash resumes the copy or the stream, wherever it stopped.
/// </summary>
public static class MigrateCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Parallel copy workers (source snapshot connections and target connections), also the number of parallel index builds. Default: the number of CPU cores (at least 2, at most 8).", HelpName = "N" }.Positive();
        var tables = CommonOptions.TableList("--tables", "Copy only these tables");
        var exclude = CommonOptions.TableList("--exclude", "Leave these tables out");
        var onError = new Option<OnErrorMode?>("--on-error")
        {
            Description = "A row the target refuses: stop (default; the error names table, key and column) or skip (written to the reject file and counted).",
            HelpName = "stop|skip",
        };
        var rejectFile = new Option<string?>("--reject-file") { Description = "JSON-lines file for rejected rows with --on-error skip. Default: godwit-rejects.jsonl.", HelpName = "FILE" };
        var ifExists = new Option<IfExistsMode?>("--if-exists")
        {
            Description = "When a table already exists on the target (and no earlier run is being resumed): error (default), keep, or drop.",
            HelpName = "error|keep|drop",
        };
        var chunkRows = new Option<long?>("--chunk-rows") { Description = "Rows per chunk (one target transaction each). Default: from table size and jobs.", HelpName = "N" }.Positive();
        var maxRate = new Option<double?>("--max-rows-per-second") { Description = "Throttle reading from the source to about this many rows per second.", HelpName = "N" }.Positive();
        var consistency = new Option<SnapshotMode?>("--consistency")
        {
            Description = "auto (default): global read lock for one exact binlog position, or lock-free when the source user lacks RELOAD; lock: require the lock; lock-free: never lock.",
            HelpName = "auto|lock|lock-free",
            CustomParser = r => (r.Tokens.Count > 0 ? r.Tokens[0].Value.ToLowerInvariant() : null) switch
            {
                null => null,
                "auto" => SnapshotMode.Auto,
                "lock" => SnapshotMode.Lock,
                "lock-free" or "lockfree" or "nolock" => SnapshotMode.LockFree,
                var v => Invalid(r, v),
            },
        };
        var restart = new Option<bool>("--restart") { Description = "Forget an earlier run of this migration (finished or interrupted) instead of resuming it; combine with --if-exists drop." };
        var follow = new Option<bool>("--follow")
        {
            Description = "After the copy, go straight on into the change stream (as godwit sync) from the copy's consistent position; runs until stopped or, with --until-caught-up, until caught up.",
        };
        var stream = new StreamOptions();
        stream.UntilCaughtUp.Description = "With --follow, exit 0 once everything the source had written when the stream started is applied (for scripts and tests).";
        stream.OnDdl.Description = "With --follow, DDL in the stream: apply (default: converted and applied in order), stop (stop before it, position saved), ignore (pass over it).";
        stream.Metrics.Description = "With --follow, serve Prometheus metrics at HOST:PORT once the stream starts (e.g. 127.0.0.1:9187; path /metrics).";
        stream.ServerId.Description = "With --follow, the replica server id to register with (unique among the source's replicas). Default: derived from the target and stream.";
        var discardCutover = new Option<bool>("--discard-cutover")
        {
            Description = "With --restart: start over even though a cutover already sent the application to this target (its tables are dropped and copied again).",
        };
        var routingFile = new Option<string?>("--routing-file")
        {
            Description = "With --follow, write this routing file with primary=source before streaming (the application follows it; godwit cutover switches it). See docs/routing.md.",
            HelpName = "PATH",
        };
        var cluster = Cluster.ClusterOption.Create(required: false);
        cluster.Description = "Run the copy on the worker cluster whose membership is in this PostgreSQL database (see godwit worker); MySQL sources only.";
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var onUpdateTriggers = SchemaSupport.OnUpdateTriggersOption();
        var command = new Command(
            "migrate",
            "Create the schema and copy every row from one consistent snapshot, in parallel; then indexes, constraints, sequences and ANALYZE. Resumes after a crash. "
            + "With --follow, then streams changes from the copy's position on (as godwit sync), so the target never falls behind.")
        {
            source, target, jobs, tables, exclude, onError, rejectFile, ifExists, targetSchema, identifierCase, onUpdateTriggers, chunkRows, maxRate, consistency, restart,
            discardCutover, follow, stream.UntilCaughtUp, stream.NoReverse, stream.OnDdl, stream.Metrics, stream.ServerId, stream.Name, routingFile, json, cluster,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            var sourceFromLine = parse.GetValue(source);
            var database = SchemaSupport.SchemaOf(sourceFromLine ?? (spec.Source is null ? null : ConnectionUri.Parse(spec.Source)));
            spec = spec.OverrideWith(new MigrationSpec
            {
                IncludeTables = CommonOptions.QualifiedTableNames(parse.GetValue(tables), database),
                ExcludeTables = CommonOptions.QualifiedTableNames(parse.GetValue(exclude), database),
                Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase, onUpdateTriggers) with
                {
                    Jobs = parse.GetValue(jobs),
                    OnError = parse.GetValue(onError),
                    RejectFile = parse.GetValue(rejectFile),
                    IfExists = parse.GetValue(ifExists),
                    OnDdl = parse.GetValue(stream.OnDdl),
                    Metrics = parse.GetValue(stream.Metrics),
                },
            });
            var following = parse.GetValue(follow);
            if (!following && (parse.GetValue(stream.UntilCaughtUp) || parse.GetValue(stream.NoReverse) || parse.GetValue(stream.OnDdl) is not null || parse.GetValue(stream.Metrics) is not null
                || parse.GetValue(stream.ServerId) is not null || parse.GetValue(routingFile) is not null))
            {
                throw new CliException("--until-caught-up, --no-reverse, --on-ddl, --metrics, --server-id and --routing-file need --follow.");
            }

            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            database = SchemaSupport.RequireDatabase(sourceUri);
            if (sourceUri.Engine == DatabaseEngine.Postgres && targetUri.Engine == DatabaseEngine.MySql)
            {
                // The PostgreSQL copy reads binary COPY rows; the MySQL loader takes MySQL's text. Refused before the
                // target is touched rather than failing on the first row.
                throw new CliException(
                    "copying PostgreSQL into MySQL is not built yet: PostgreSQL → MySQL runs only as the reverse stream after a cutover "
                    + "(`godwit sync --reverse`, `godwit rollback`); `godwit schema` makes the tables. Nothing was changed on the target.");
            }

            var jobCount = spec.Options.Jobs ?? Math.Clamp(Environment.ProcessorCount, 2, 8);
            if (jobCount < 1)
            {
                throw new CliException("--jobs must be at least 1.");
            }

            var sourceProvider = ProviderRegistry.Source(sourceUri);
            var targetProvider = ProviderRegistry.Target(targetUri);
            var db = await SchemaSupport.IntrospectAsync(sourceProvider, spec, ct);
            if (db.Tables.Count == 0)
            {
                throw new CliException($"no tables to copy in {database}" + (spec.IncludeTables.Count > 0 ? $" matching --tables {string.Join(",", spec.IncludeTables)}" : string.Empty) + ".");
            }

            var (_, plan) = SchemaSupport.Plan(SchemaSupport.Mapper(sourceUri, targetUri), db, spec);

            foreach (var note in plan.Notes.Where(n => n.Severity == NoteSeverity.Warning))
            {
                console.Diagnostic($"godwit: warning: {note.Where}: {note.What}");
            }

            await RefuseAfterCutoverAsync(parse.GetValue(restart), parse.GetValue(discardCutover), parse.GetValue(routingFile), targetUri, plan.TargetSchema, ct);

            // What the source must change before it can be streamed (a PostgreSQL table without a replica identity) is
            // refused here, before the target is touched.
            if (await sourceProvider.FixesAsync(db, ct) is { Count: > 0 } fixes)
            {
                throw new CliException(
                    $"the source needs {fixes.Count} change(s) before it can be migrated: {string.Join("; ", fixes.Select(f => f.What))}. "
                    + "`godwit assess --fix` makes them (or leave those tables out with --exclude); nothing was changed on the target.");
            }
            var options = new CopyOptions
            {
                Jobs = jobCount,
                OnError = spec.Options.OnError ?? OnErrorMode.Stop,
                RejectFile = spec.Options.RejectFile,
                ChunkRows = parse.GetValue(chunkRows) ?? 0,
                MaxRowsPerSecond = parse.GetValue(maxRate) ?? 0,
                Snapshot = parse.GetValue(consistency) ?? SnapshotMode.Auto,
                IfExists = spec.Options.IfExists ?? IfExistsMode.Error,
                Restart = parse.GetValue(restart),
                SourceDisplay = sourceUri.ToString(),
                SourceDatabase = database,
                Stream = parse.GetValue(stream.Name),
            };
            var progress = new CopyProgress();
            var copySource = sourceProvider.CopySource(StreamKeys.Of(targetProvider.Stream(spec), options.Stream ?? plan.TargetSchema));
            var runner = new CopyEngine(copySource, targetProvider.CopySink(options.Jobs), plan, options, progress, w => console.Diagnostic($"godwit: warning: {w}"));
            var interactive = console.Error.Profile.Capabilities.Interactive && !Console.IsErrorRedirected;
            CopyResult result;
            IReadOnlyList<Godwit.Cluster.ChunkOutcome>? clusterChunks = null;
            if (parse.GetValue(cluster) is { } clusterUri)
            {
                clusterChunks = await Cluster.ClusterMigrate.RunAsync(console, clusterUri, sourceUri, targetUri, spec, options, plan.TargetSchema, ct);
                // The run is done in the target's state: the local engine only reads its summary.
                runner = new CopyEngine(copySource, targetProvider.CopySink(options.Jobs), plan, options with { Restart = false }, progress, w => console.Diagnostic($"godwit: warning: {w}"));
            }

            try
            {
                result = await CopyProgressDisplay.RunAsync(console, progress, interactive, TimeSpan.FromSeconds(interactive ? 0.2 : 5), () => runner.RunAsync(ct));
            }
            catch (CopyRowException ex)
            {
                throw new CliException(ex.Message + " (use --on-error skip to write such rows to a reject file and go on)");
            }
            catch (SchemaConflictException ex)
            {
                throw new CliException(ex.Message);
            }
            finally
            {
                // The copy's snapshot connections hold REPEATABLE READ views and metadata locks on every table they
                // read: kept open while --follow streams, any ALTER TABLE on the source would wait behind them, and
                // the application's queries on that table behind the ALTER. They go the moment the copy ends.
                await copySource.DisposeAsync();
            }

            if (clusterChunks is not null)
            {
                // The local engine found the run the cluster finished; for the user this run did the copy.
                result = result with { AlreadyDone = false };
            }

            if (parse.GetValue(json) && clusterChunks is not null)
            {
                await Cluster.ClusterMigrate.WriteJsonAsync(console, targetUri, result, ct);
            }
            else if (parse.GetValue(json))
            {
                CopySummaryView.WriteJson(console, result);
            }
            else
            {
                CopySummaryView.WriteTable(console, result);
            }

            CopySummaryView.WriteWarnings(console, result);
            var copyCode = result.Totals.Rejected > 0 ? ExitCode.Findings : ExitCode.Success;
            if (!following)
            {
                return copyCode;
            }

            // A copy finished by this run starts the stream exactly at its recorded position (replacing any stream
            // state an earlier migration left); a copy already done resumes the stream from godwit.sync_state (or,
            // when it never started, from godwit.cdc_start).
            var start = result.AlreadyDone ? null : StartOf(result.CdcStart, result.RunId);
            console.Diagnostic(start is null
                ? $"godwit: migrate: copy already complete (run {result.RunId}); resuming the change stream from its saved position"
                : $"godwit: migrate: copy complete (run {result.RunId}); following the change stream from {StreamPositionCodecs.Format(start)}");
            if (parse.GetValue(routingFile) is { } routing)
            {
                await WriteRoutingAsync(console, routing, sourceUri, targetUri, parse.GetValue(stream.Name) ?? plan.TargetSchema, ct);
            }

            var syncOptions = new SyncRunOptions
            {
                Source = sourceUri,
                Target = targetUri,
                Spec = spec,
                Start = start,
                ServerId = parse.GetValue(stream.ServerId),
                Stream = parse.GetValue(stream.Name),
                OnDdl = spec.Options.OnDdl ?? OnDdlMode.Apply,
                UntilCaughtUp = parse.GetValue(stream.UntilCaughtUp),
            };
            var turnaround = parse.GetValue(stream.NoReverse) ? null : StreamTurnaround.For(syncOptions);
            var code = await StreamSession.RunAsync(console, syncOptions, spec.Options.Metrics, parse.GetValue(json), ct, turnaround);
            return code == ExitCode.Success ? copyCode : code;
        });
        return command;
    }

    /// <summary>
    /// After a cutover the target is the application's primary: restarting the migration would drop the tables it
    /// writes to, and following the old source again would be wrong. Both are refused before anything is copied.
    /// </summary>
    private static async Task RefuseAfterCutoverAsync(bool restart, bool discardCutover, string? routingFile, ConnectionUri target, string schema, CancellationToken ct)
    {
        if (routingFile is not null)
        {
            try
            {
                if (await RoutingFile.ReadAsync(routingFile, ct) is { Primary: RoutingPrimary.Target } routed && !(restart && discardCutover))
                {
                    throw new CliException(
                        $"the routing file {routingFile} says primary=target (version {routed.Version}): the application was switched already; not following the source again "
                        + "(--restart --discard-cutover starts over and switches it back to the source).");
                }
            }
            catch (RoutingFileException ex)
            {
                throw new CliException(ex.Message);
            }
        }

        await using var control = ProviderRegistry.Target(target).Control();
        if (restart && !discardCutover && await control.LatestCutoverAsync(schema, ct) is { Result: "switched" } done)
        {
            throw new CliException(
                $"{schema} was cut over (godwit.cutovers id {done.Id}): the application writes to it now, and --restart would drop its tables. "
                + "Add --discard-cutover if that is really what you want.");
        }
    }

    /// <summary>
    /// Before the stream, the application is told the source is the primary: a new file (or, after
    /// --restart --discard-cutover, one that said target) gets a version above every one handed out; a file that says
    /// source already is left alone.
    /// </summary>
    private static async Task WriteRoutingAsync(CliConsole console, string path, ConnectionUri source, ConnectionUri target, string stream, CancellationToken ct)
    {
        RoutingState? current;
        try
        {
            current = await RoutingFile.ReadAsync(path, ct);
        }
        catch (RoutingFileException ex)
        {
            throw new CliException(ex.Message);
        }

        if (current is null or { Primary: RoutingPrimary.Target })
        {
            // Above every version handed out for this schema (kept in godwit.cutovers), so that an application still
            // following the file from an earlier migration sees a newer state, never one that went back.
            await using var control = ProviderRegistry.Target(target).Control();
            var recorded = await control.MaxRoutingVersionAsync(stream, ct);
            var version = Math.Max(current?.Version ?? 0, recorded) + 1;
            await RoutingFile.WriteAsync(path, new RoutingState
            {
                Primary = RoutingPrimary.Source,
                Version = version,
                SwitchedAt = current is null ? null : DateTimeOffset.UtcNow,
                Source = source.ToString(),
                Target = target.ToString(),
                Stream = stream,
            }, ct);
            console.Diagnostic($"godwit: migrate: wrote {path}: primary=source (version {version})");
        }
    }

    /// <summary>Where the stream starts after a copy: the copy's recorded binlog position, else its GTIDs.</summary>
    private static StreamPosition StartOf(StreamPosition? position, long runId)
    {
        if (position is not null)
        {
            return position;
        }

        throw new CliException($"the copy run {runId} recorded no source position to follow the change stream from; run godwit sync --from FILE:POS.");
    }

    private static SnapshotMode? Invalid(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--consistency: '{value}' is not one of auto, lock, lock-free.");
        return null;
    }
}
