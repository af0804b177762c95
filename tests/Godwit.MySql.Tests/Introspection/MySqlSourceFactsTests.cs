using Godwit.Providers.MySql.Introspection;
using Godwit.Testing;

namespace Godwit.MySql.Tests.Introspection;

public sealed class MySqlSourceFactsTests
{
    [Fact]
    public async Task Zero_dates_and_invalid_enum_values_are_counted_even_when_the_server_forbids_them()
    {
        await using var db = await MySqlScratchDatabase.CreateAsync();
        await db.ExecuteAsync("""
            SET SESSION sql_mode = '';
            CREATE TABLE t (id INT PRIMARY KEY, d DATE, dt DATETIME NOT NULL, ok DATE, size ENUM('s','m'));
            INSERT INTO t VALUES (1, '0000-00-00', '2024-00-05 10:00:00', '2024-01-01', 'xl'), (2, '0000-00-00', '2024-01-01 00:00:00', NULL, 's'), (3, NULL, '0000-00-00 00:00:00', '2024-01-02', NULL);
            """);
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE'", CancellationToken.None);
        var schema = await MySqlIntrospector.IntrospectAsync(connection, db.Name, CancellationToken.None);

        var facts = await MySqlSourceFacts.GatherAsync(connection, schema, countZeroDates: true, CancellationToken.None);

        Assert.Equal(2, facts.ZeroDates[("t", "d")]);
        Assert.Equal(2, facts.ZeroDates[("t", "dt")]);
        Assert.False(facts.ZeroDates.ContainsKey(("t", "ok")));
        Assert.Equal(1, facts.InvalidEnums[("t", "size")]);
        Assert.Equal("ROW", facts.Variable("binlog_format"));
        Assert.True(facts.Grants.Has("REPLICATION SLAVE"));
    }
}
