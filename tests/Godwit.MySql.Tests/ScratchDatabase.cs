using Godwit.Testing;

namespace Godwit.MySql.Tests;

/// <summary>
/// A throwaway database per test class (<c>godwit_t_…</c>), dropped afterwards: an xunit class
/// fixture over the shared <see cref="MySqlScratchDatabase"/>.
/// </summary>
public sealed class ScratchDatabase : IAsyncLifetime
{
    private MySqlScratchDatabase? _database;

    private MySqlScratchDatabase Database =>
        _database ?? throw new InvalidOperationException("The scratch database has not been created yet.");

    public string Name => Database.Name;

    public MySqlConnectionSettings Settings => Database.Settings;

    public Task<MySqlConnection> OpenAsync() => TestDatabase.OpenAsync(Settings);

    public async Task InitializeAsync() => _database = await MySqlScratchDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
