using Godwit.Core.Connections;
using Godwit.Demo.Ledger;
using Godwit.Demo.Seeding;
using Godwit.Demo.Traffic;

namespace Godwit.Demo.Sources;

/// <summary>
/// What the demo does differently on each source engine: seed the booking database, make the app's DML-only account,
/// and open the app's store and the ledger's reader on the source. Chosen once, from the source URI, by
/// <see cref="DemoSources.For(ConnectionUri)"/>; the commands, the traffic and the check only talk to this.
/// </summary>
public interface IDemoSource
{
    DatabaseEngine Engine { get; }

    /// <summary>The server's name in the app's progress lines: "source (MariaDB)".</summary>
    string Name { get; }

    /// <summary>Where the summary says the app wrote before the cutover: "on MariaDB".</summary>
    string SourceLabel { get; }

    /// <summary>Where the summary says the app wrote after the cutover: "on PostgreSQL".</summary>
    string TargetLabel { get; }

    /// <summary>The schema the migrated tables get on the target (godwit's default target schema for this source).</summary>
    string Schema(ConnectionUri source);

    /// <summary>(Re)creates the booking database the URI names and fills it; the URI's account may create databases.</summary>
    Task<SeedReport> SeedAsync(ConnectionUri admin, double scale, int seed, CancellationToken cancellationToken);

    /// <summary>(Re)creates the app's account, allowed DML on the booking tables only; returns the app's URI.</summary>
    Task<ConnectionUri> CreateAppAccountAsync(ConnectionUri admin, string user, string password, CancellationToken cancellationToken);

    Task DropAppAccountAsync(ConnectionUri admin, string user, CancellationToken cancellationToken);

    /// <summary>The app's store on the source, as the app's account.</summary>
    Task<IBookingStore> OpenStoreAsync(ConnectionUri app, string schema, CancellationToken cancellationToken);

    /// <summary>A reader of the source's bookings, for holding it to the ledger.</summary>
    Task<IBookingReader> OpenReaderAsync(ConnectionUri source, string schema, CancellationToken cancellationToken);
}
