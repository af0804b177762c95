using Godwit.Core.Connections;
using Godwit.Testing;

namespace Godwit.Postgres.Tests;

public sealed class PgServerProbeTests
{
    [Fact]
    public async Task The_testbed_server_reports_postgresql_15()
    {
        var info = await PgServerProbe.ProbeAsync(TestServers.Postgres, CancellationToken.None);

        Assert.Equal("PostgreSQL", info.Product);
        Assert.StartsWith("15.", info.Version, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_testbed_server_has_logical_wal_and_room_for_parallel_slots()
    {
        await using var connection = await PgConnectionFactory.OpenAsync(TestServers.Postgres, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('wal_level'), current_setting('max_replication_slots')::int, current_setting('server_encoding')";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal("logical", reader.GetString(0));
        Assert.True(reader.GetInt32(1) >= 16);
        Assert.Equal("UTF8", reader.GetString(2));
    }

    [Fact]
    public async Task A_wrong_password_is_a_connect_error_that_names_the_masked_uri()
    {
        var uri = TestServers.Postgres.WithPassword("definitely-wrong-pw");

        var ex = await Assert.ThrowsAsync<PgConnectException>(() => PgServerProbe.ProbeAsync(uri, CancellationToken.None));

        Assert.Contains("cannot connect to postgresql://godwit:****@", ex.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("definitely-wrong-pw", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_a_connect_error_without_the_password()
    {
        var uri = ConnectionUri.Parse("postgresql://godwit:closed-port-secret@127.0.0.1:1/postgres?connect_timeout=3");

        var ex = await Assert.ThrowsAsync<PgConnectException>(() => PgServerProbe.ProbeAsync(uri, CancellationToken.None));

        Assert.Contains("127.0.0.1:1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("closed-port-secret", ex.Message, StringComparison.Ordinal);
    }
}
