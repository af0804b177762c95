namespace Godwit.Demo.Summary;

/// <summary>The files scripts/demo.sh leaves in its directory, one per phase, read by <see cref="DemoSummary"/>.</summary>
public static class DemoFiles
{
    /// <summary><c>godwit migrate --follow --json</c>: the copy's summary, then (if the stream ended) its outcome.</summary>
    public const string Migrate = "migrate.json";

    /// <summary>One <c>godwit status --json</c> object per line, sampled while the stream ran.</summary>
    public const string Status = "status.jsonl";

    /// <summary><c>godwit verify --json</c> while the app writes.</summary>
    public const string VerifyLive = "verify-live.json";

    /// <summary><c>godwit cutover --json</c>.</summary>
    public const string Cutover = "cutover.json";

    /// <summary><c>godwit rollback --json</c>, when the demo ends with a rollback round trip (DEMO_ROLLBACK=1).</summary>
    public const string Rollback = "rollback.json";

    /// <summary><c>godwit verify --json</c> after the cutover, of the tables the app does not write.</summary>
    public const string VerifyFinal = "verify-final.json";

    /// <summary><c>godwit-demo traffic --json</c>.</summary>
    public const string Traffic = "traffic.json";

    /// <summary><c>godwit-demo check --json</c>.</summary>
    public const string Check = "check.json";

    public const string Ledger = "ledger.jsonl";

    public const string Routing = "routing.json";
}
