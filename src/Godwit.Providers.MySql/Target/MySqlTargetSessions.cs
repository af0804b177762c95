using Godwit.Core.Connections;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// Connections to a MySQL/MariaDB target, each set up the same way: UTC (the copy and the stream read TIMESTAMPs in
/// UTC), utf8mb4, and a strict sql_mode without NO_ZERO_DATE (a zero date the source holds is written as it is, but a
/// value the column cannot hold is an error, never a silent truncation) and with NO_AUTO_VALUE_ON_ZERO (an
/// AUTO_INCREMENT column's 0 stays 0 instead of taking the next value).
/// </summary>
internal sealed class MySqlTargetSessions
{
    public const string SessionSetup =
        "SET SESSION time_zone = '+00:00', NAMES utf8mb4, SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION', "
        + "SESSION net_read_timeout = 3600, SESSION net_write_timeout = 3600, SESSION lock_wait_timeout = 60";

    public MySqlTargetSessions(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        Uri = uri;

        // The URI's database only says where to connect: the target database comes from the plan (--target-schema or
        // the source's name), and the state lives in `godwit`.
        Settings = MySqlUriSettings.From(uri) with { Database = null };
    }

    public ConnectionUri Uri { get; }

    public MySqlConnectionSettings Settings { get; }

    /// <summary>Host, port and database, for ids that must stay the same for a stream and its target across runs.</summary>
    public string Identity => $"{Uri.Host}:{Uri.Port}/{Uri.Database}";

    /// <summary>Opens a connection with the session set up; <paramref name="localInfile"/> for the copy's LOAD DATA LOCAL.</summary>
    public async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken, bool localInfile = false)
    {
        var connection = await MySqlConnection.OpenAsync(Settings with { AllowLocalInfile = localInfile }, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(SessionSetup, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
