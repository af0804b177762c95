using System.Net;
using Godwit.Core.Connections;

namespace Godwit.Cluster;

/// <summary>How <c>godwit worker</c> joins the cluster: the membership database and the silo's endpoints.</summary>
public sealed record WorkerSiloOptions(ConnectionUri Cluster, int SiloPort, int GatewayPort, IPAddress Advertise, string? Name);
