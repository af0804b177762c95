using Godwit.Postgres.Source;
using Godwit.Postgres.Wire;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Postgres.Tests.Wire;

/// <summary>The copy's wire client against the testbed server: the same bytes as Npgsql, the server's errors, cancellation.</summary>
public sealed class PgWireConnectionTests : PgScratchTest
{
    private const string Copy = """
        COPY (SELECT id, name, amount, body, doc, blob, at, tags FROM public.t ORDER BY id) TO STDOUT (FORMAT binary)
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // NULLs, non-ASCII text, numerics, jsonb, bytea, timestamps, arrays, and every 97th body stored out of line
        // (incompressible md5 words over 2 kB, in TOAST).
        await Db.ExecuteAsync("""
            CREATE TABLE public.t (id int PRIMARY KEY, name text, amount numeric(20,6), body text, doc jsonb, blob bytea, at timestamptz, tags text[]);
            INSERT INTO public.t
            SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'żółw ' || g END, g * 1.000001, 
                   CASE WHEN g % 97 = 0 THEN (SELECT string_agg(md5(g::text || i), ' ') FROM generate_series(1, 90) i) ELSE repeat('x', g % 50) END,
                   jsonb_build_object('g', g), decode(md5(g::text), 'hex'), timestamptz '2020-01-01 00:00:00+00' + g * interval '1 minute',
                   ARRAY['a' || g, NULL]
              FROM generate_series(1, 5000) g;
            """);
    }

    [Fact]
    public async Task A_copy_read_through_the_wire_client_is_byte_for_byte_what_npgsql_reads()
    {
        byte[] expected;
        await using (var connection = await Db.OpenAsync())
        await using (var npgsql = await connection.BeginRawBinaryCopyAsync(Copy))
        {
            expected = ReadAll(npgsql, 64 * 1024);
        }

        using var wire = PgWireConnection.Open(Settings());
        foreach (var buffer in new[] { 1, 7, 4096, 256 * 1024 })
        {
            using var stream = wire.BeginCopyOut(Copy, CancellationToken.None);
            Assert.Equal(expected, ReadAll(stream, buffer));
        }
    }

    [Fact]
    public void A_copy_the_server_fails_midway_raises_its_sqlstate_and_the_connection_goes_on()
    {
        using var wire = PgWireConnection.Open(Settings());
        using (var stream = wire.BeginCopyOut("COPY (SELECT 10 / (3000 - g) FROM generate_series(1, 5000) g) TO STDOUT (FORMAT binary)", CancellationToken.None))
        {
            var error = Assert.Throws<PgWireException>(() => ReadAll(stream, 4096));
            Assert.Equal("22012", error.SqlState);
        }

        wire.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        var invalid = Assert.Throws<PgWireException>(() => wire.Execute("SET TRANSACTION SNAPSHOT 'no-such-snapshot'"));
        Assert.Equal("22023", invalid.SqlState);
    }

    [Fact]
    public void A_copy_stream_left_before_its_end_reads_the_rest_and_the_transaction_goes_on()
    {
        // The converting path stops at the binary trailer, before CopyDone; the worker's snapshot transaction must live on.
        using var wire = PgWireConnection.Open(Settings());
        wire.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        using (var stream = wire.BeginCopyOut(Copy, CancellationToken.None))
        {
            Assert.True(stream.Read(new byte[100]) > 0);
        }

        using (var again = wire.BeginCopyOut(Copy, CancellationToken.None))
        {
            Assert.NotEmpty(ReadAll(again, 4096));
        }

        wire.Execute("COMMIT");
    }

    [Fact]
    public void A_wrong_password_is_refused_with_the_servers_reason()
    {
        var settings = Settings() with { Password = "not-the-password" };
        var refused = Assert.Throws<PgWireException>(() => PgWireConnection.Open(settings));
        Assert.Equal("28P01", refused.SqlState);
    }

    [Fact]
    public async Task Cancelling_a_copy_that_waits_for_the_server_ends_it_at_once()
    {
        var name = "godwit_wire_" + Guid.NewGuid().ToString("N")[..8];
        using var wire = PgWireConnection.Open(Settings() with { ApplicationName = name });
        using var cancel = new CancellationTokenSource();
        // The server holds CopyOutResponse until rows fill its send buffer: the wait is in BeginCopyOut.
        var read = Task.Run(() =>
        {
            using var stream = wire.BeginCopyOut("COPY (SELECT pg_sleep(30)) TO STDOUT (FORMAT binary)", cancel.Token);
            return ReadAll(stream, 4096);
        });
        await Waiting.UntilAsync(
            async () => await Db.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{name}' AND wait_event = 'PgSleep'") == 1,
            TimeSpan.FromSeconds(60),
            "the COPY to be waiting in pg_sleep");
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() => read);
    }

    [Fact]
    public async Task A_copy_session_falls_back_to_npgsql_where_the_wire_client_does_not_go_and_copies_the_same()
    {
        // The wire client leaves non-ASCII passwords to Npgsql (SASLprep), so this role's session goes through Npgsql.
        var role = "godwit_wire_" + Guid.NewGuid().ToString("N")[..8];
        await Db.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'żółw-hasło'; GRANT SELECT ON public.t TO {role}");
        try
        {
            var settings = PgConnectionFactory.ToConnectionString(Db.Uri);
            var plain = await PgCopyReadSessions.OpenAsync(settings, Db.Uri, CancellationToken.None);
            settings.Username = role;
            settings.Password = "żółw-hasło";
            settings.Pooling = false;
            var fallback = await PgCopyReadSessions.OpenAsync(settings, Db.Uri, CancellationToken.None);
            await using (plain)
            await using (fallback)
            {
                Assert.IsType<PgWireCopyReadSession>(plain);
                Assert.IsType<NpgsqlCopyReadSession>(fallback);
                await using var viaWire = await plain.BeginCopyOutAsync(Copy, CancellationToken.None);
                await using var viaNpgsql = await fallback.BeginCopyOutAsync(Copy, CancellationToken.None);
                Assert.Equal(ReadAll(viaNpgsql, 8192), ReadAll(viaWire, 8192));
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Db.ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    private PgWireSettings Settings() =>
        PgWireSettings.From(PgConnectionFactory.ToConnectionString(Db.Uri)) ?? throw new InvalidOperationException("the testbed URI is not one the wire client takes");

    private static byte[] ReadAll(Stream stream, int bufferBytes)
    {
        using var all = new MemoryStream();
        var buffer = new byte[bufferBytes];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }
}
