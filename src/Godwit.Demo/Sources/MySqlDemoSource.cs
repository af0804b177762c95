using Godwit.Core.Connections;
using Godwit.Demo.Ledger;
using Godwit.Demo.Seeding;
using Godwit.Demo.Traffic;

namespace Godwit.Demo.Sources;

/// <summary>The booking app on a MariaDB/MySQL source: one database, migrated to a target schema of the same name.</summary>
public sealed class MySqlDemoSource : IDemoSource
{
    public static readonly MySqlDemoSource Instance = new();

    private MySqlDemoSource()
    {
    }

    public DatabaseEngine Engine => DatabaseEngine.MySql;

    public string Name => "MariaDB";

    public string SourceLabel => "MariaDB";

    public string TargetLabel => "PostgreSQL";

    public string Schema(ConnectionUri source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Database ?? throw new ArgumentException($"{source} names no database, and no target schema was given.", nameof(source));
    }

    public Task<SeedReport> SeedAsync(ConnectionUri admin, double scale, int seed, CancellationToken cancellationToken) =>
        DemoDatabase.CreateAsync(admin, scale, seed, cancellationToken);

    public Task<ConnectionUri> CreateAppAccountAsync(ConnectionUri admin, string user, string password, CancellationToken cancellationToken) =>
        DemoAppAccount.CreateAsync(admin, user, password, cancellationToken);

    public Task DropAppAccountAsync(ConnectionUri admin, string user, CancellationToken cancellationToken) =>
        DemoAppAccount.DropAsync(admin, user, cancellationToken);

    // The database is the URI's: MariaDB has no schema besides it.
    public async Task<IBookingStore> OpenStoreAsync(ConnectionUri app, string schema, CancellationToken cancellationToken) =>
        await MySqlBookingStore.OpenAsync(app, cancellationToken);

    public async Task<IBookingReader> OpenReaderAsync(ConnectionUri source, string schema, CancellationToken cancellationToken) =>
        await MySqlBookingReader.OpenAsync(source, cancellationToken);
}
