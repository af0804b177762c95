using Godwit.Core.Connections;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Core.Verify;
using Godwit.Providers;

namespace Godwit.Cli.Verify;

/// <summary>
/// One verify of a source against a target as <c>godwit verify</c> runs it: the source introspected and planned for
/// the pair, every table compared by the <see cref="VerifyRunner"/> (waiting for the change stream before each chunk
/// when one applies this schema), and the outcome recorded in the target's store. The command and a guarded
/// cutover's verify trigger share it.
/// </summary>
public static class VerifyRun
{
    /// <summary>
    /// Runs the verify; <paramref name="wrap"/> runs the comparison (a live display around it, or nothing);
    /// <paramref name="chunks"/>, given the run id, hands the chunk comparisons to the cluster (null: compared here).
    /// </summary>
    public static async Task<VerifyReport> RunAsync(
        Action<string> log,
        ConnectionUri sourceUri,
        ConnectionUri targetUri,
        MigrationSpec spec,
        VerifyOptions options,
        bool waitForSync,
        bool restart,
        IVerifyProgress progress,
        Func<Func<Task<VerifyReport>>, Task<VerifyReport>> wrap,
        CancellationToken ct,
        Func<string, Task<IVerifyChunkDispatcher>>? chunks = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(sourceUri);
        ArgumentNullException.ThrowIfNull(targetUri);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wrap);
        var sourceProvider = ProviderRegistry.Source(sourceUri);
        var targetProvider = ProviderRegistry.Target(targetUri);
        var (plan, verifyTables) = await PlanAsync(sourceUri, targetUri, spec, ct);
        var runId = VerifyRunId.For(sourceUri.ToString(), targetUri.ToString(), plan.TargetSchema, options.Mode, verifyTables.Select(t => t.Name));
        var description = $"{options.Mode.ToString().ToLowerInvariant()} {sourceUri} -> {targetUri} schema {plan.TargetSchema}";
        await using var sourceSide = sourceProvider.VerifyEndpoint();
        await using var targetSide = targetProvider.VerifyEndpoint();
        await using var store = targetProvider.VerifyStore();
        await using var catchUp = waitForSync ? await StreamCatchUpAsync(log, sourceProvider, targetProvider, plan.TargetSchema, ct) : null;
        var dispatcher = chunks is null ? null : await chunks(runId);
        var runner = new VerifyRunner(sourceSide, targetSide, options, catchUp is null ? NoCatchUp.Instance : catchUp, store, progress, dispatcher);
        var report = await wrap(() => runner.RunAsync(runId, description, verifyTables, restart, ct));

        await store.RecordOutcomeAsync(
            runId, plan.TargetSchema, options.Mode.ToString().ToLowerInvariant(), report.Tables.Sum(t => t.MissingOnTarget + t.ExtraOnTarget + t.Different),
            [.. report.Tables.Select(t => t.Table)], [.. report.Tables.Where(t => !t.IsEqual).Select(t => t.Table)], ct);
        return report;
    }

    /// <summary>The source introspected and planned for the pair, and the tables verify compares (a cluster worker plans the same ones).</summary>
    public static async Task<(Core.Ddl.PgSchemaPlan Plan, List<VerifyTable> Tables)> PlanAsync(ConnectionUri sourceUri, ConnectionUri targetUri, MigrationSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var sourceProvider = ProviderRegistry.Source(sourceUri);
        var db = await Commands.SchemaSupport.IntrospectAsync(sourceProvider, spec, ct);
        if (db.Tables.Count == 0)
        {
            throw new CliException($"no tables to verify in {sourceProvider.Schema}" + (spec.IncludeTables.Count > 0 ? $" matching --tables {string.Join(",", spec.IncludeTables)}" : string.Empty) + ".");
        }

        var (_, plan) = Commands.SchemaSupport.Plan(Commands.SchemaSupport.Mapper(sourceUri, targetUri), db, spec);
        return (plan, plan.Tables.Select(VerifyTable.Create).ToList());
    }

    /// <summary>
    /// The change stream's catch-up when the target holds a stream for this source database and schema (verify then
    /// compares each chunk once the stream has applied the source's position); null otherwise.
    /// </summary>
    private static async Task<StreamCatchUp?> StreamCatchUpAsync(
        Action<string> log, ISourceProvider source, ITargetProvider target, string targetSchema, CancellationToken ct)
    {
        var targetControl = target.Control();
        StreamState? state;
        try
        {
            state = await targetControl.FindStreamAsync(null, source.Schema, targetSchema, ct);
        }
        catch
        {
            await targetControl.DisposeAsync();
            throw;
        }

        if (state is null)
        {
            await targetControl.DisposeAsync();
            return null;
        }

        var catchUp = new StreamCatchUp(source.Control(log), targetControl, source.Codec, state.Stream, log);
        try
        {
            var head = await catchUp.SourcePositionAsync(ct);
            var applied = state.Applied is { } at ? source.Codec.Format(at) : "nothing yet";
            log(
                $"verify: waiting for the change stream to pass {head} before each chunk (the source's log head, read again for each chunk; "
                + $"stream {state.Stream}, {(state.Status.Length == 0 ? "unknown" : state.Status)}, applied up to {applied}); --no-wait-for-sync compares at once");
        }
        catch
        {
            await catchUp.DisposeAsync();
            throw;
        }

        return catchUp;
    }

}
