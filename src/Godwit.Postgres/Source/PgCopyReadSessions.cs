using System.Net.Sockets;
using Godwit.Core.Connections;
using Godwit.Postgres.Wire;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// Opens a copy worker's session on the source: through the wire client (<see cref="PgWireConnection"/>) where it
/// can go, else through Npgsql. Setting GODWIT_PG_COPY_CLIENT=npgsql always takes Npgsql (a way around the wire
/// client should a server need it).
/// </summary>
internal static class PgCopyReadSessions
{
    public const string ClientVariable = "GODWIT_PG_COPY_CLIENT";

    public static async Task<IPgCopyReadSession> OpenAsync(NpgsqlConnectionStringBuilder settings, ConnectionUri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.Equals(Environment.GetEnvironmentVariable(ClientVariable), "npgsql", StringComparison.OrdinalIgnoreCase)
            && PgWireSettings.From(settings) is { } wire)
        {
            try
            {
                // Connect and authenticate block: off the caller's thread.
                var connection = await Task.Run(() => PgWireConnection.Open(wire), cancellationToken).ConfigureAwait(false);
                return new PgWireCopyReadSession(connection);
            }
            catch (PgWireUnsupportedException)
            {
                // TLS or an authentication method the wire client does not do: Npgsql does.
            }
            catch (Exception ex) when (ex is SocketException or PgWireException)
            {
                throw new PgConnectException(uri, ex);
            }
        }

        return new NpgsqlCopyReadSession(await PgConnectionFactory.OpenAsync(settings.ConnectionString, uri, cancellationToken).ConfigureAwait(false));
    }
}
