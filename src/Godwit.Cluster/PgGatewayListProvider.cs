using System.Net;
using Npgsql;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Godwit.Cluster;

/// <summary>The clients' view of the cluster: the gateway endpoints of the silos the membership table lists as active.</summary>
public sealed class PgGatewayListProvider(NpgsqlDataSource dataSource) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => TimeSpan.FromSeconds(10);

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => ClusterSchema.EnsureAsync(dataSource, CancellationToken.None);

    public async Task<IList<Uri>> GetGateways()
    {
        await using var command = dataSource.CreateCommand(
            "SELECT address, proxy_port FROM godwit_cluster.members WHERE cluster_id = @c AND status = @active AND proxy_port > 0");
        command.Parameters.AddWithValue("c", ClusterConnection.ClusterId);
        command.Parameters.AddWithValue("active", (int)SiloStatus.Active);
        var gateways = new List<Uri>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var silo = SiloAddress.FromParsableString(reader.GetString(0));
            gateways.Add(SiloAddress.New(new IPEndPoint(silo.Endpoint.Address, reader.GetInt32(1)), silo.Generation).ToGatewayUri());
        }

        return gateways;
    }
}
