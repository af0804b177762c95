using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Postgres.Apply;
using Godwit.Postgres.State;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Postgres.Tests.State;

/// <summary>
/// The stream's fence: two owners of one stream (a stale stream-grain activation after a split, and the new one) each
/// commit an apply transaction; only the current epoch's commit is kept, rows and position alike.
/// </summary>
public sealed class PgStreamFenceTests : IAsyncLifetime
{
    private const string Stream = "shop";

    private PgScratchDatabase _db = null!;

    public async Task InitializeAsync() => _db = await PgScratchDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_stale_owners_apply_commit_is_refused_by_the_fence_and_the_current_owners_is_kept()
    {
        await using var connection = await _db.OpenAsync();
        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        await PgSyncStateStore.InitializeAsync(connection, Stream, "shop", "shop", MySqlPositionCodec.Coordinates("bin.000001", 4), CancellationToken.None);
        await using (var table = new NpgsqlCommand("CREATE TABLE applied (id int PRIMARY KEY)", connection))
        {
            await table.ExecuteNonQueryAsync();
        }

        var stale = await PgStreamFence.ClaimAsync(connection, Stream, CancellationToken.None);
        var current = await PgStreamFence.ClaimAsync(connection, Stream, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ApplyAsync(1, "bin.000001", 100, stale));
        Assert.Equal(PgStreamFence.FencedSqlState, refused.SqlState);
        await ApplyAsync(2, "bin.000001", 200, current);

        Assert.Equal("2", Assert.Single(await _db.RowsAsync("SELECT id FROM applied"))[0]);
        Assert.Equal(200L, await _db.ScalarAsync<long>($"SELECT binlog_pos FROM godwit.sync_state WHERE stream = '{Stream}'"));
    }

    [Fact]
    public async Task A_commit_without_an_epoch_is_not_fenced()
    {
        await using var connection = await _db.OpenAsync();
        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        await PgSyncStateStore.InitializeAsync(connection, Stream, "shop", "shop", MySqlPositionCodec.Coordinates("bin.000001", 4), CancellationToken.None);
        await using (var table = new NpgsqlCommand("CREATE TABLE applied (id int PRIMARY KEY)", connection))
        {
            await table.ExecuteNonQueryAsync();
        }

        await ApplyAsync(1, "bin.000001", 300, epoch: null);

        Assert.Equal(300L, await _db.ScalarAsync<long>($"SELECT binlog_pos FROM godwit.sync_state WHERE stream = '{Stream}'"));
    }

    /// <summary>One apply transaction as the stream makes it: a row, then the position (with the owner's epoch) in one batch.</summary>
    private async Task ApplyAsync(int id, string file, long offset, long? epoch)
    {
        await using var connection = await _db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var row = new NpgsqlBatchCommand("INSERT INTO applied (id) VALUES ($1)");
        row.Parameters.Add(new NpgsqlParameter { Value = id });
        batch.BatchCommands.Add(row);
        batch.BatchCommands.Add(PgSyncStateStore.ProgressCommand(Stream, new StreamProgress { Position = MySqlPositionCodec.Coordinates(file, offset), Epoch = epoch }));
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
