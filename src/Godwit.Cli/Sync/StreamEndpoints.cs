using Godwit.Core.Engines.Sync;
using Godwit.Core.Sync;
using Godwit.MySql;
using Godwit.Postgres.Streaming;
using Godwit.Providers.MySql.Streaming;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Sync;

/// <summary>The sync engine between the run's source and target providers, chosen from their URIs.</summary>
public static class StreamEndpoints
{
    public static SyncEngine Engine(SyncRunOptions options, SyncMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = new MySqlStreamSource(MySqlConnectionSettings.FromUri(options.Source));
        var target = new PgStreamTarget(options.Target, options.Spec);
        return new SyncEngine(options.ToEngineOptions(), source, target, metrics, logger);
    }
}
