using Godwit.Providers.MySql;
using Godwit.Testing;

namespace Godwit.MySql.Tests;

/// <summary>Connections to the testbed MariaDB named by GODWIT_TEST_MYSQL.</summary>
internal static class TestDatabase
{
    public static MySqlConnectionSettings Settings => MySqlUriSettings.From(TestServers.MySql);

    public static async Task<MySqlConnection> OpenAsync(MySqlConnectionSettings? settings = null)
    {
        try
        {
            return await MySqlConnection.OpenAsync(settings ?? Settings, CancellationToken.None);
        }
        catch (MySqlException ex) when (ex.ErrorCode is (int)MySqlClientError.HostConnectionError or (int)MySqlClientError.ConnectionError)
        {
            throw new InvalidOperationException(TestServers.NotRunningMessage("MySQL", ex), ex);
        }
    }
}
