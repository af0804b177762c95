using System.Text.Json;
using Godwit.Cli.Commands;
using Godwit.Cluster;
using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Providers;

namespace Godwit.Cli.Cluster;

/// <summary>
/// Rebuilds a cluster copy on a worker with the same spec handling and schema planning as <c>godwit migrate</c>
/// (so every worker plans the same tables); one introspection per job and worker process, not per chunk.
/// </summary>
internal sealed class CopyJobContexts : ICopyJobContextFactory
{
    private readonly JobContextCache<ClusterCopyJob, CopyJobContext> _jobs = new(BuildAsync);

    public Task<CopyJobContext> CreateAsync(ClusterCopyJob job, CancellationToken cancellationToken) => _jobs.GetAsync(job, cancellationToken);

    public static MigrationSpec ReadSpec(string json) => JsonSerializer.Deserialize<MigrationSpec>(json) ?? new MigrationSpec();

    private static async Task<CopyJobContext> BuildAsync(ClusterCopyJob job, CancellationToken cancellationToken)
    {
        var spec = ReadSpec(job.SpecJson);
        var (sourceUri, targetUri) = WorkerEndpoints.Resolve(job.Source, job.Target);
        var sourceProvider = ProviderRegistry.Source(sourceUri);
        var targetProvider = ProviderRegistry.Target(targetUri);
        var db = await SchemaSupport.IntrospectAsync(sourceProvider, spec, cancellationToken);
        var (_, plan) = SchemaSupport.Plan(SchemaSupport.Mapper(sourceUri, targetUri), db, spec);
        var options = new CopyOptions
        {
            Jobs = job.Jobs,
            OnError = OnErrorMode.Stop,
            ChunkRows = job.ChunkRows,
            MaxRowsPerSecond = job.MaxRowsPerSecond,
            Snapshot = SnapshotMode.LockFree,
            IfExists = spec.Options.IfExists ?? IfExistsMode.Error,
            Restart = job.Restart,
            SourceDisplay = sourceUri.ToString(),
            SourceDatabase = SchemaSupport.RequireDatabase(sourceUri),
            Stream = job.StreamName,
        };
        var streamKey = StreamKeys.Of(targetProvider.Stream(spec), options.Stream ?? plan.TargetSchema);
        return new CopyJobContext(plan, options, targetProvider.CopySink(options.Jobs), () => sourceProvider.CopySource(streamKey));
    }
}
