using System.Text.Json;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>
/// A PostgreSQL → PostgreSQL copy passes the source's binary COPY data through unchanged, and falls back to the
/// converting path (which names the row) for a chunk the target refuses.
/// </summary>
public sealed class PgToPgPassThroughTests : PgSourceTestBase
{
    private const string Schema = """
        CREATE TABLE public.accounts (
          id bigint PRIMARY KEY,
          owner text NOT NULL,
          balance numeric(20,4) NOT NULL,
          opened timestamptz,
          doc jsonb,
          tags text[],
          blob bytea,
          note text
        );
        INSERT INTO public.accounts
          SELECT g, 'owner ' || g, g * 1.5, TIMESTAMPTZ '2020-01-01 00:00:00.123456+00' + g * INTERVAL '1 minute',
                 jsonb_build_object('g', g, 'nested', jsonb_build_array(g, NULL)), ARRAY['a' || g, NULL], decode(md5(g::text), 'hex'),
                 CASE WHEN g % 250 = 0 THEN repeat(md5(g::text), 400) WHEN g % 7 = 0 THEN NULL ELSE '' END
            FROM generate_series(1, 4000) g;
        CREATE TABLE public.keyless (a int, b text);
        INSERT INTO public.keyless SELECT g % 10, repeat('k', g % 5) FROM generate_series(1, 700) g;
        ALTER TABLE public.keyless REPLICA IDENTITY FULL;
        CREATE TABLE public.empty (id int PRIMARY KEY);
        ANALYZE;
        """;

    // The target's accounts table has a check the source's lacks: it refuses row 2000 (balance 3000.0).
    private const string TargetRefusingOneRow = """
        CREATE TABLE public.accounts (
          id bigint PRIMARY KEY, owner text NOT NULL, balance numeric(20,4) NOT NULL CHECK (balance <> 3000.0), opened timestamptz,
          doc jsonb, tags text[], blob bytea, note text);
        """;

    [Fact]
    public async Task Every_chunk_of_a_PostgreSQL_to_PostgreSQL_copy_passes_through_unchanged_and_every_value_arrives_exact()
    {
        await SourceDb.ExecuteAsync(Schema);

        var run = await MigrateAsync("--chunk-rows", "700", "--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var report = JsonDocument.Parse(run.StdOut);
        var tables = report.RootElement.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(3, tables.Count);
        foreach (var t in tables)
        {
            Assert.True(t.GetProperty("chunks").GetInt32() > 0, t.ToString());
            Assert.True(t.GetProperty("chunks_passed_through").GetInt32() == t.GetProperty("chunks").GetInt32(), t.ToString());
        }

        var accounts = tables.Single(t => t.GetProperty("table").GetString() == "public.accounts");
        Assert.Equal(4000, accounts.GetProperty("rows_loaded").GetInt64());
        Assert.True(accounts.GetProperty("chunks").GetInt32() > 1, accounts.ToString());
        foreach (var table in (string[])["public.accounts", "public.keyless", "public.empty"])
        {
            await AssertSameRowsAsync(table);
        }
    }

    [Fact]
    public async Task A_row_the_target_refuses_in_a_passed_through_chunk_is_named_by_table_key_and_column()
    {
        await SourceDb.ExecuteAsync(Schema);
        await TargetDb.ExecuteAsync(TargetRefusingOneRow);

        var run = await MigrateAsync("--chunk-rows", "700", "--if-exists", "keep", "--tables", "accounts");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("accounts", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("row id=2000", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("accounts_balance_check", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_row_of_a_passed_through_chunk_goes_to_the_reject_file_under_on_error_skip_and_the_counts_add_up()
    {
        await SourceDb.ExecuteAsync(Schema);
        await TargetDb.ExecuteAsync(TargetRefusingOneRow);
        var rejects = Path.Combine(Path.GetTempPath(), $"godwit-passthrough-rejects-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = await MigrateAsync("--chunk-rows", "700", "--if-exists", "keep", "--tables", "accounts", "--on-error", "skip", "--reject-file", rejects, "--json");

            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.StdErr}");
            using var report = JsonDocument.Parse(run.StdOut);
            var accounts = report.RootElement.GetProperty("tables").EnumerateArray().Single();
            Assert.Equal(4000, accounts.GetProperty("rows_read").GetInt64());
            Assert.Equal(3999, accounts.GetProperty("rows_loaded").GetInt64());
            Assert.Equal(1, accounts.GetProperty("rows_rejected").GetInt64());
            // The refused chunk went by the converting path; the others passed through.
            Assert.True(accounts.GetProperty("chunks").GetInt32() > 1, accounts.ToString());
            Assert.Equal(accounts.GetProperty("chunks").GetInt32() - 1, accounts.GetProperty("chunks_passed_through").GetInt32());
            var reject = Assert.Single(await File.ReadAllLinesAsync(rejects));
            Assert.Contains("id=2000", reject, StringComparison.Ordinal);
            Assert.Equal(3999L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.accounts"));
            Assert.Equal(0L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.accounts WHERE id = 2000"));
        }
        finally
        {
            File.Delete(rejects);
        }
    }
}
