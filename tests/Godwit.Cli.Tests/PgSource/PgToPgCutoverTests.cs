using System.Collections.Concurrent;
using System.Globalization;
using Godwit.Cli.Tests.Sync;
using Godwit.Postgres;
using Godwit.Routing;
using Godwit.Testing;
using Npgsql;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary><c>godwit cutover</c> from a PostgreSQL source while an application keeps writing.</summary>
public sealed class PgToPgCutoverTests : PgSourceTestBase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("godwit-pgcutover-").FullName;
    private readonly string _appRole = "gwapp_" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    private string RoutingPath => Path.Combine(_directory, "routing.json");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await using var connection = await PgConnectionFactory.OpenAsync(TestServers.Postgres, CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {_appRole}", connection);
        await drop.ExecuteNonQueryAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Cutover_freezes_every_writer_superusers_included_moves_sequences_past_the_source_loses_no_acknowledged_write_and_complete_drops_the_slot_and_the_DDL_trigger()
    {
        await SourceDb.ExecuteAsync($"""
            CREATE SEQUENCE public.receipt_seq START 5000;
            CREATE TABLE public.ledger (id bigserial PRIMARY KEY, note text NOT NULL UNIQUE, receipt bigint DEFAULT nextval('public.receipt_seq'));
            CREATE ROLE {_appRole} LOGIN PASSWORD 'app-pw';
            GRANT USAGE ON SCHEMA public TO {_appRole};
            GRANT SELECT, INSERT, UPDATE, DELETE ON public.ledger TO {_appRole};
            GRANT USAGE ON SEQUENCE public.ledger_id_seq, public.receipt_seq TO {_appRole};
            INSERT INTO public.ledger (note) SELECT 'seed ' || g FROM generate_series(1, 1000) g;
            """);

        // With the DDL trigger: the freeze's own triggers are Godwit's DDL, which it does not record (the stream would stop at them).
        var trigger = await GodwitAsync("assess", "--source", Source, "--fix", "--ddl-trigger");
        Assert.Contains("DDL trigger: installed", trigger.StdErr, StringComparison.Ordinal);
        using var follow = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow", "--routing-file", RoutingPath]);
        await WaitForAsync(
            async () => File.Exists(RoutingPath) && await StreamRunningAsync(),
            TimeSpan.FromSeconds(60),
            "the stream to start:\n" + follow.StdErr);

        var acknowledged = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var app = SourceDb.Uri.ToUnmaskedString().Replace("godwit:godwit@", $"{_appRole}:app-pw@", StringComparison.Ordinal);
        var writer = Task.Run(() => WriteUntilRefusedAsync(Core.Connections.ConnectionUri.Parse(app), acknowledged, stop.Token));
        await WaitForAsync(() => Task.FromResult(acknowledged.Count >= 50 || writer.IsCompleted), TimeSpan.FromSeconds(60), "the application's first writes");
        var early = await GodwitAsync("cutover", "--source", Source, "--target", Target, "--complete");
        Assert.NotEqual(0, early.ExitCode);
        Assert.Contains("nothing was removed", early.StdErr, StringComparison.Ordinal);
        var status = await GodwitAsync("status", "--source", Source, "--target", Target, "--json");
        Assert.Contains("\"source_slot\":\"godwit_", status.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"slot_retained_bytes\":", status.StdOut, StringComparison.Ordinal);

        var cutover = await GodwitAsync("cutover", "--source", Source, "--target", Target, "--routing-file", RoutingPath, "--json");

        Assert.True(cutover.ExitCode == 0, cutover.StdOut + cutover.StdErr);
        var refused = await writer.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("25006", refused);
        Assert.Equal(RoutingPrimary.Target, RoutingFile.Read(RoutingPath)!.Primary);
        var superuser = await Assert.ThrowsAsync<PostgresException>(() => SourceDb.ExecuteAsync("INSERT INTO public.ledger (note) VALUES ('superuser after the switch')"));
        Assert.Equal("25006", superuser.SqlState);

        // Every acknowledged write is on the target exactly once (note is unique), and new keys start past the source's.
        var notes = acknowledged.ToArray();
        Assert.Equal((long)notes.Length, await TargetDb.ScalarAsync<long>($"SELECT count(*) FROM public.ledger WHERE note = ANY(ARRAY[{string.Join(",", notes.Select(n => "'" + n + "'"))}])"));
        await AssertSameRowsAsync("public.ledger");
        var sourceMax = await SourceDb.ScalarAsync<long>("SELECT max(id) FROM public.ledger");
        Assert.True(await TargetDb.ScalarAsync<long>("SELECT nextval('public.ledger_id_seq')") > sourceMax);

        // A sequence no column owns (a DEFAULT calls it) is moved too, from the source's last value.
        var receipts = await SourceDb.ScalarAsync<long>("SELECT max(receipt) FROM public.ledger");
        Assert.True(await TargetDb.ScalarAsync<long>("SELECT nextval('public.receipt_seq')") > receipts);

        // The migration is over: what the stream held on the source goes, and the command says what.
        var complete = await GodwitAsync("cutover", "--source", Source, "--target", Target, "--complete");
        Assert.True(complete.ExitCode == 0, complete.StdErr);
        Assert.Contains("replication slot godwit_", complete.StdOut, StringComparison.Ordinal);
        Assert.Contains("publication godwit_", complete.StdOut, StringComparison.Ordinal);
        Assert.Equal(0L, await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
        Assert.Equal(0L, await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_publication"));
        Assert.Contains("event trigger godwit_ddl_command_end", complete.StdOut, StringComparison.Ordinal);
        Assert.Equal(0L, await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_event_trigger"));

        // The way back is closed with it: the reverse stream's slot on the new primary would keep its WAL forever.
        Assert.Contains("removed from the target (the way back is closed): replication slot godwit_", complete.StdOut, StringComparison.Ordinal);
        Assert.Equal(0L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
    }

    private async Task<bool> StreamRunningAsync()
    {
        try
        {
            return await TargetDb.ScalarAsync<long>("SELECT count(*) FROM godwit.sync_state WHERE status IN ('running', 'caught-up')") > 0;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    /// <summary>Inserts one row at a time as the application (a non-superuser); returns the SQLSTATE that ended it.</summary>
    private static async Task<string> WriteUntilRefusedAsync(Core.Connections.ConnectionUri uri, ConcurrentQueue<string> acknowledged, CancellationToken cancellationToken)
    {
        await using var connection = await PgConnectionFactory.OpenAsync(uri, pooled: false, cancellationToken);
        for (var i = 0; ; i++)
        {
            var note = "app " + i.ToString(CultureInfo.InvariantCulture);
            try
            {
                await using var insert = new NpgsqlCommand("INSERT INTO public.ledger (note) VALUES ($1)", connection);
                insert.Parameters.Add(new NpgsqlParameter { Value = note });
                await insert.ExecuteNonQueryAsync(cancellationToken);
                acknowledged.Enqueue(note);

                // A busy application's pace (a couple of hundred writes a second), not a tight loop: the gates' quick row counts
                // are taken while it writes, differ by the writes in flight.
                await Task.Delay(5, cancellationToken);
            }
            catch (PostgresException ex)
            {
                return ex.SqlState;
            }
        }
    }
}
