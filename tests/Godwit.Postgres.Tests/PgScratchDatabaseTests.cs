using Godwit.Testing;

namespace Godwit.Postgres.Tests;

public sealed class PgScratchDatabaseTests
{
    [Fact]
    public async Task A_scratch_database_exists_while_used_and_is_gone_after_dispose()
    {
        string name;
        await using (var db = await PgScratchDatabase.CreateAsync())
        {
            name = db.Name;
            await db.ExecuteAsync("CREATE TABLE t (id int primary key)");
            Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM t"));
        }

        await using var connection = await PgConnectionFactory.OpenAsync(TestServers.Postgres, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pg_database WHERE datname = @n";
        command.Parameters.AddWithValue("n", name);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}
