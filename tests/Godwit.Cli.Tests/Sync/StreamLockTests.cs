using Godwit.Postgres.Apply;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Sync;

/// <summary>
/// The stream lock names a stream within one target database: pg_locks lists the advisory locks of every database of
/// the cluster, and a stream of the same name into another database must not look like this one running.
/// </summary>
public sealed class StreamLockTests : IAsyncLifetime
{
    private const string Stream = "shop";

    private PgScratchDatabase? _here;
    private PgScratchDatabase? _elsewhere;

    private PgScratchDatabase Here => _here ?? throw new InvalidOperationException("not initialized");

    private PgScratchDatabase Elsewhere => _elsewhere ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        _here = await PgScratchDatabase.CreateAsync();
        _elsewhere = await PgScratchDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_here is not null)
        {
            await _here.DisposeAsync();
        }

        if (_elsewhere is not null)
        {
            await _elsewhere.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stream_of_the_same_name_applying_into_another_database_is_not_the_holder_here()
    {
        await using var other = await Elsewhere.OpenAsync();
        Assert.True(await PgStreamLock.TryAcquireAsync(other, Stream, CancellationToken.None));
        await using var here = await Here.OpenAsync();

        Assert.Null(await PgStreamLock.HolderAsync(here, Stream, CancellationToken.None));
        Assert.Equal(other.ProcessID, await PgStreamLock.HolderAsync(other, Stream, CancellationToken.None));
    }

    [Fact]
    public async Task The_session_applying_a_stream_in_this_database_is_its_holder_while_another_database_has_it_too()
    {
        await using var other = await Elsewhere.OpenAsync();
        Assert.True(await PgStreamLock.TryAcquireAsync(other, Stream, CancellationToken.None));
        await using var applying = await Here.OpenAsync();
        Assert.True(await PgStreamLock.TryAcquireAsync(applying, Stream, CancellationToken.None));
        await using var watcher = await Here.OpenAsync();

        Assert.Equal(applying.ProcessID, await PgStreamLock.HolderAsync(watcher, Stream, CancellationToken.None));
    }
}
