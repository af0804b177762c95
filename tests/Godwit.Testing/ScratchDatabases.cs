using Xunit;

namespace Godwit.Testing;

/// <summary>
/// Base for integration tests: each test gets its own throwaway MySQL and PostgreSQL database
/// (xunit makes a new instance per test), created before it runs and dropped after.
/// </summary>
public abstract class ScratchDatabases : IAsyncLifetime
{
    private MySqlScratchDatabase? _mysql;
    private PgScratchDatabase? _postgres;

    protected MySqlScratchDatabase MySql => _mysql ?? throw new InvalidOperationException("not initialized");

    protected PgScratchDatabase Postgres => _postgres ?? throw new InvalidOperationException("not initialized");

    public virtual async Task InitializeAsync()
    {
        _mysql = await MySqlScratchDatabase.CreateAsync();
        _postgres = await PgScratchDatabase.CreateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_mysql is not null)
        {
            await _mysql.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
