using Xunit;

namespace Godwit.Testing;

/// <summary>Base for a test that needs one throwaway PostgreSQL database, created before each test and dropped after.</summary>
public abstract class PgScratchTest : IAsyncLifetime
{
    private PgScratchDatabase? _db;

    protected PgScratchDatabase Db => _db ?? throw new InvalidOperationException("not initialized");

    public virtual async Task InitializeAsync() => _db = await PgScratchDatabase.CreateAsync();

    public virtual async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
