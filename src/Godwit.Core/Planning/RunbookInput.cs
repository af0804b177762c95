using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Schema;

namespace Godwit.Core.Planning;

/// <summary>What a runbook is written from: the endpoints (their passwords are never written), the schema with its sizes, assess's findings and fixes, and the options the commands will carry.</summary>
public sealed record RunbookInput
{
    public required ConnectionUri Source { get; init; }

    public required ConnectionUri Target { get; init; }

    public required SourceDatabase Database { get; init; }

    public required string TargetSchema { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public IReadOnlyList<SourceFix> Fixes { get; init; } = [];

    public int Jobs { get; init; } = 4;

    public string RoutingFile { get; init; } = "routing.json";

    public string MetricsAddress { get; init; } = "127.0.0.1:9187";

    public string DashboardAddress { get; init; } = "127.0.0.1:8080";

    public DateTimeOffset MadeAt { get; init; } = DateTimeOffset.UtcNow;
}
