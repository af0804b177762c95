using Godwit.Core.Connections;

namespace Godwit.Cluster;

/// <summary>
/// A job's source and target as a worker connects to them. Jobs carry their URIs without passwords (Orleans'
/// connections are not encrypted), so each worker adds its own: GODWIT_SOURCE/TARGET_PASSWORD, ~/.pgpass, ~/.my.cnf.
/// </summary>
public static class WorkerEndpoints
{
    public static (ConnectionUri Source, ConnectionUri Target) Resolve(string source, string target)
    {
        var passwords = new PasswordResolver();
        return (passwords.Resolve(ConnectionUri.Parse(source), EndpointRole.Source), passwords.Resolve(ConnectionUri.Parse(target), EndpointRole.Target));
    }
}
