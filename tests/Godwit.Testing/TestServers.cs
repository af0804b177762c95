using Godwit.Core.Connections;

namespace Godwit.Testing;

/// <summary>
/// The testbed servers, read from <c>GODWIT_TEST_MYSQL</c> and <c>GODWIT_TEST_PG</c>
/// (<c>eval "$(scripts/testbed.sh env)"</c>). Under CI=true a missing variable fails the test;
/// elsewhere the testbed's default addresses are assumed. A server that does not answer always fails
/// the test with a message saying how to start it: integration tests never skip.
/// </summary>
public static class TestServers
{
    public const string MySqlVariable = "GODWIT_TEST_MYSQL";
    public const string PostgresVariable = "GODWIT_TEST_PG";
    public const string DefaultMySql = "mysql://godwit:godwit@127.0.0.1:3307";
    public const string DefaultPostgres = "postgresql://godwit:godwit@127.0.0.1:5433/postgres";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static ConnectionUri MySql => Read(MySqlVariable, DefaultMySql);

    public static ConnectionUri Postgres => Read(PostgresVariable, DefaultPostgres);

    /// <summary>The testbed's CA certificate (for TLS tests), when the testbed made one.</summary>
    public static string? MySqlCaFile =>
        Environment.GetEnvironmentVariable("GODWIT_TEST_MYSQL_CA") is { Length: > 0 } path && File.Exists(path) ? path : null;

    public static string NotRunningMessage(string what, Exception ex) =>
        $"The testbed's {what} server is not reachable ({SecretMasker.Mask(ex.Message)}). "
        + "Start it with `scripts/testbed.sh up` and `eval \"$(scripts/testbed.sh env)\"`, or run `make test`.";

    private static ConnectionUri Read(string variable, string fallback)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            if (IsCi)
            {
                throw new InvalidOperationException(
                    $"{variable} is not set and CI=true: integration tests need the testbed (run `make test`).");
            }

            value = fallback;
        }

        return ConnectionUri.Parse(value);
    }
}
