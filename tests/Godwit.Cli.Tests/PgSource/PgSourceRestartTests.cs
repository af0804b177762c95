using Godwit.Cli.Tests.Sync;
using Godwit.Postgres;
using Godwit.Testing;
using Npgsql;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>A PostgreSQL source that restarts under the stream: it reconnects to its slot and goes on, losing nothing.</summary>
public sealed class PgSourceRestartTests
{
    // A port of this test's own: the private PostgreSQL never collides with the shared testbed (5433) or others.
    private const int Port = 5457;

    [Fact]
    public async Task Sync_survives_a_PostgreSQL_source_restart_and_applies_what_is_written_after_it()
    {
        await using var server = await PrivateServer.PostgresAsync(Port);
        await using var target = await PgScratchDatabase.CreateAsync();
        await ExecuteAsync(server.Uri, "CREATE DATABASE restarted");
        var source = server.Uri.WithDatabase("restarted");
        await ExecuteAsync(source, "CREATE TABLE public.t (id int PRIMARY KEY, v int); INSERT INTO public.t VALUES (0, 0)");
        var migrate = await CliRun.InvokeAsync(["migrate", "--source", source.ToUnmaskedString(), "--target", target.Uri.ToUnmaskedString()]);
        Assert.True(migrate.ExitCode == 0, migrate.StdErr);

        using var sync = SyncProcess.Start(["sync", "--source", source.ToUnmaskedString(), "--target", target.Uri.ToUnmaskedString()]);
        await ExecuteAsync(source, "INSERT INTO public.t SELECT g, g FROM generate_series(1, 10) g");
        await WaitForCountAsync(target, 11, sync);

        await server.StopAsync();
        await server.StartAgainAsync();
        await ExecuteAsync(source, "INSERT INTO public.t SELECT g, g FROM generate_series(11, 20) g; UPDATE public.t SET v = -v WHERE id <= 5");

        await WaitForCountAsync(target, 21, sync);
        Assert.Equal(-15L, await target.ScalarAsync<long>("SELECT sum(v) FROM public.t WHERE id <= 5"));
        Assert.Contains("reconnecting", sync.StdErr, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(Core.Connections.ConnectionUri uri, string sql)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(uri, pooled: false, CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits for the rows on the target; the stream must still be running (a stream that ended can never get there).</summary>
    private static async Task WaitForCountAsync(PgScratchDatabase target, long count, SyncProcess sync)
    {
        while (await target.ScalarAsync<long>("SELECT count(*) FROM public.t") < count)
        {
            Assert.False(sync.HasExited, $"the stream ended before the target had {count} rows:\n{sync.StdErr}");
            await Task.Delay(100);
        }
    }
}
