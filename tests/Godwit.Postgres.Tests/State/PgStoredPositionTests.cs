using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Postgres.Apply;
using Godwit.Postgres.State;
using Godwit.Testing;

namespace Godwit.Postgres.Tests.State;

/// <summary>Positions of any source engine in the state store (version 3): engine and token, and MySQL's binlog columns as before.</summary>
public sealed class PgStoredPositionTests : IAsyncLifetime
{
    private PgScratchDatabase _db = null!;

    public async Task InitializeAsync() => _db = await PgScratchDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_PostgreSQL_position_is_kept_as_engine_and_token_and_committed_with_the_progress()
    {
        await using var connection = await _db.OpenAsync();
        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        var start = PgLsnCodec.FromLsn(0x16_B374D848);
        var later = PgLsnCodec.FromLsn(0x16_B3750000);

        await PgSyncStateStore.InitializeAsync(connection, "pg", "app", "app", start, CancellationToken.None);
        Assert.Equal(start, (await PgSyncStateStore.ReadAsync(connection, "pg", CancellationToken.None))!.Applied);

        await using (var batch = new Npgsql.NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(PgSyncStateStore.ProgressCommand("pg", new StreamProgress { Position = later, SourceHead = later }));
            await batch.ExecuteNonQueryAsync();
        }

        var state = (await PgSyncStateStore.ReadAsync(connection, "pg", CancellationToken.None))!;
        Assert.Equal(later, state.Applied);
        Assert.Equal(later, state.SourceHead);
        Assert.Null(state.BinlogFile);
        Assert.Equal("16/B3750000", await _db.ScalarAsync<string>("SELECT position FROM godwit.sync_state WHERE stream = 'pg'"));
    }

    [Fact]
    public async Task A_MySQL_position_keeps_its_binlog_columns_and_a_row_written_before_version_3_is_read_through_them()
    {
        await using var connection = await _db.OpenAsync();
        await PgStateSchema.EnsureAsync(connection, CancellationToken.None);
        var point = MySqlPositionCodec.Checkpoint("mysql-bin.000007", 1234, "0-1-99");

        await PgSyncStateStore.InitializeAsync(connection, "my", "shop", "shop", point, CancellationToken.None);
        await _db.ExecuteAsync(
            "INSERT INTO godwit.sync_state (stream, binlog_file, binlog_pos, gtid) VALUES ('old', 'mysql-bin.000003', 4, '0-1-5')");

        Assert.Equal(
            ("mysql-bin.000007", 1234L, "0-1-99"),
            (await _db.ScalarAsync<string>("SELECT binlog_file FROM godwit.sync_state WHERE stream = 'my'"),
             await _db.ScalarAsync<long>("SELECT binlog_pos FROM godwit.sync_state WHERE stream = 'my'"),
             await _db.ScalarAsync<string>("SELECT gtid FROM godwit.sync_state WHERE stream = 'my'")));
        Assert.Equal(point, (await PgSyncStateStore.ReadAsync(connection, "my", CancellationToken.None))!.Applied);
        Assert.Equal(MySqlPositionCodec.Checkpoint("mysql-bin.000003", 4, "0-1-5"), (await PgSyncStateStore.ReadAsync(connection, "old", CancellationToken.None))!.Applied);
    }
}
