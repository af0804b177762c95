using System.CommandLine;
using Godwit.Core.Specs;

namespace Godwit.Cli.Sync;

/// <summary>
/// The change-stream options <c>godwit sync</c> and <c>godwit migrate --follow</c> share: <c>--until-caught-up</c>,
/// <c>--on-ddl</c>, <c>--metrics</c>, <c>--server-id</c> and <c>--stream</c>, made once per command.
/// </summary>
public sealed class StreamOptions
{
    public Option<bool> UntilCaughtUp { get; } = new("--until-caught-up")
    {
        Description = "Exit 0 once everything the source had written when the command started is applied (for scripts and tests).",
    };

    public Option<bool> NoReverse { get; } = new("--no-reverse")
    {
        Description = "Stop at a cutover instead of turning around: by default the stream then follows the application back into the source "
            + "(the reverse stream the cutover prepared, which `godwit rollback` needs) and, after a rollback, forward again.",
    };

    public Option<OnDdlMode?> OnDdl { get; } = new("--on-ddl")
    {
        Description = "DDL in the stream: apply (default: converted and applied in order), stop (stop before it, position saved), ignore (pass over it).",
        HelpName = "apply|stop|ignore",
    };

    public Option<string?> Metrics { get; } = new("--metrics")
    {
        Description = "Serve Prometheus metrics at HOST:PORT (e.g. 127.0.0.1:9187; path /metrics).",
        HelpName = "HOST:PORT",
    };

    /// <summary>The stream's name: it keys the copy's runs and the stream's state, so several streams can share a target.</summary>
    public Option<string?> Name { get; } = new("--stream")
    {
        Description = "The stream's name: it keys the copy runs and godwit.sync_state, so several sources can feed one target "
            + "(two shards with the same database name into one schema need two names). Default: the target schema.",
        HelpName = "NAME",
    };

    public Option<uint?> ServerId { get; } = new Option<uint?>("--server-id")
    {
        Description = "Replica server id to register with (unique among the source's replicas; 0 is not a replica id). Default: derived from the target and stream.",
        HelpName = "N",
    }.Positive();
}
