using Godwit.Core.Connections;
using Godwit.Demo.Sources;

namespace Godwit.Demo.Traffic;

/// <summary>How the booking app runs: where its routing file, databases and ledger are, and how hard it writes.</summary>
public sealed record BookingTrafficOptions
{
    /// <summary>The routing file that names the primary; it must exist before the app starts.</summary>
    public required string RoutingFile { get; init; }

    /// <summary>
    /// The source (MariaDB, or a PostgreSQL URI naming its schema with <c>?schema=</c>), as the app's own account: not one
    /// with READ_ONLY ADMIN on MariaDB (see DemoAppAccount), nor a superuser or table owner on PostgreSQL (see PgDemoAppAccount).
    /// </summary>
    public required ConnectionUri Source { get; init; }

    /// <summary>The PostgreSQL target.</summary>
    public required ConnectionUri Target { get; init; }

    /// <summary>The target's schema holding the migrated tables; default: godwit migrate's (a MariaDB source's database name, a PostgreSQL source's schema).</summary>
    public string? TargetSchema { get; init; }

    /// <summary>The JSON-lines file each settled write is appended to.</summary>
    public required string LedgerPath { get; init; }

    /// <summary>Writes per second, all workers together.</summary>
    public double Rate { get; init; } = 50;

    /// <summary>Concurrent app sessions; each owns its own bookings, so the ledger's order per booking is the commit order.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Stop after this long; null: until cancelled or the stop file appears.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop once this file exists.</summary>
    public string? StopFile { get; init; }

    /// <summary>Where the one-line progress goes (stderr in the command); null for none.</summary>
    public TextWriter? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a write keeps being retried after its first failure; longer than any cutover's write freeze.</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>After a stop, how long writes in flight may take to settle before they are abandoned (and counted failed).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seeds the choice of operations and data; null for a different run each time.</summary>
    public int? Seed { get; init; }

    /// <summary>How many recent open bookings of the seeded data the app may confirm or cancel.</summary>
    public int OpenBookingsToLoad { get; init; } = 400;

    /// <summary>How often the app looks at the routing file: eager (the default, 20 ms) or lazy (e.g. once a second, as many apps do).</summary>
    public TimeSpan RoutingPollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>What the source is (chosen by its URI's engine).</summary>
    public IDemoSource SourceEngine => DemoSources.For(Source);

    /// <summary>The schema of the booking tables, on the target and, for a PostgreSQL source, on the source too.</summary>
    public string Schema => TargetSchema ?? SourceEngine.Schema(Source);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(RoutingFile);
        ArgumentException.ThrowIfNullOrEmpty(LedgerPath);
        if (!(Rate > 0) || double.IsInfinity(Rate))
        {
            throw new ArgumentException($"The rate must be a positive number of writes per second, not {Rate}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RoutingPollInterval, TimeSpan.Zero);
        _ = Schema;
    }
}
