using Godwit.Core.Connections;
using Godwit.Demo.Ledger;
using Godwit.Demo.Seeding;
using Godwit.Demo.Traffic;
using Godwit.Postgres.Source;
using Godwit.Routing;

namespace Godwit.Demo.Sources;

/// <summary>
/// The booking app on a PostgreSQL source: one schema of a database, named as godwit's source URI names it
/// (<c>postgresql://…/db?schema=NAME</c>, default <c>public</c>), migrated to a target schema of the same name.
/// The schema option is godwit's, not a connection setting: it is taken off the URI before connecting.
/// </summary>
public sealed class PgDemoSource : IDemoSource
{
    public static readonly PgDemoSource Instance = new();

    private PgDemoSource()
    {
    }

    public DatabaseEngine Engine => DatabaseEngine.Postgres;

    public string Name => "PostgreSQL";

    public string SourceLabel => "the PostgreSQL source";

    public string TargetLabel => "the PostgreSQL target";

    public string Schema(ConnectionUri source) => PgDemoDatabase.SchemaOf(source);

    public Task<SeedReport> SeedAsync(ConnectionUri admin, double scale, int seed, CancellationToken cancellationToken) =>
        PgDemoDatabase.CreateAsync(admin, scale, seed, cancellationToken);

    public Task<ConnectionUri> CreateAppAccountAsync(ConnectionUri admin, string user, string password, CancellationToken cancellationToken) =>
        PgDemoAppAccount.CreateAsync(admin, user, password, cancellationToken);

    public Task DropAppAccountAsync(ConnectionUri admin, string user, CancellationToken cancellationToken) =>
        PgDemoAppAccount.DropAsync(admin, user, cancellationToken);

    public async Task<IBookingStore> OpenStoreAsync(ConnectionUri app, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        return await PgBookingStore.OpenAsync(app.WithoutOption(PgSourceProvider.SchemaOption), schema, RoutingPrimary.Source, cancellationToken);
    }

    public async Task<IBookingReader> OpenReaderAsync(ConnectionUri source, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return await PgBookingReader.OpenAsync(source.WithoutOption(PgSourceProvider.SchemaOption), schema, cancellationToken);
    }
}
