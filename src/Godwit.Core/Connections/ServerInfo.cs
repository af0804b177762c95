namespace Godwit.Core.Connections;

/// <summary>What a connection check learned about a server.</summary>
/// <param name="Product">"MariaDB", "MySQL" or "PostgreSQL".</param>
/// <param name="Version">The version string the server reports.</param>
/// <param name="ConnectTime">Time to connect and authenticate.</param>
/// <param name="RoundTrip">Time of one trivial query after connecting.</param>
public sealed record ServerInfo(string Product, string Version, TimeSpan ConnectTime, TimeSpan RoundTrip);
