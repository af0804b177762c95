using Godwit.Routing;

namespace Godwit.Demo.Traffic;

/// <summary>Opens the app's store on the primary a routing state names.</summary>
internal static class BookingStores
{
    public static async Task<IBookingStore> OpenAsync(RoutingPrimary primary, BookingTrafficOptions options, CancellationToken cancellationToken) =>
        primary == RoutingPrimary.Target
            ? await PgBookingStore.OpenAsync(options.Target, options.Schema, RoutingPrimary.Target, cancellationToken)
            : await options.SourceEngine.OpenStoreAsync(options.Source, options.Schema, cancellationToken);
}
