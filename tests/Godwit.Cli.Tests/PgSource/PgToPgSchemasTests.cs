using System.Globalization;
using System.Text.Json;
using Godwit.Cli.Tests.Sync;
using Npgsql;
using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary>
/// A PostgreSQL source of several schemas moved in one run: every non-system schema by default (or those
/// <c>?schema=a,b</c> names), each into the schema of the same name, with tables of the same name in two schemas
/// kept apart in the copy, the stream, verify and cutover.
/// </summary>
public sealed class PgToPgSchemasTests : PgSourceTestBase
{
    private const string Schemas = """
        CREATE SCHEMA sales;
        CREATE SCHEMA billing;
        CREATE TYPE sales.state AS ENUM ('open', 'paid');
        CREATE TABLE public.orders (id bigserial PRIMARY KEY, note text NOT NULL);
        CREATE TABLE sales.orders (id bigserial PRIMARY KEY, state sales.state NOT NULL DEFAULT 'open', total numeric(12,2) NOT NULL);
        CREATE TABLE sales.lines (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES sales.orders (id), qty int NOT NULL);
        CREATE SEQUENCE billing.invoice_no START 9000;
        CREATE TABLE billing.invoices (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES sales.orders (id),
                                       no bigint NOT NULL DEFAULT nextval('billing.invoice_no'), public_order bigint REFERENCES public.orders (id));
        CREATE INDEX invoices_order ON billing.invoices (order_id);
        INSERT INTO public.orders (note) SELECT 'public ' || g FROM generate_series(1, 300) g;
        INSERT INTO sales.orders (total) SELECT g * 1.25 FROM generate_series(1, 500) g;
        INSERT INTO sales.lines (order_id, qty) SELECT 1 + g % 500, g FROM generate_series(1, 1000) g;
        INSERT INTO billing.invoices (order_id, public_order) SELECT g, 1 + g % 300 FROM generate_series(1, 200) g;
        """;

    private static readonly string[] Tables = ["public.orders", "sales.orders", "sales.lines", "billing.invoices"];

    [Fact]
    public async Task Every_non_system_schema_moves_in_one_run_with_same_named_tables_kept_apart_through_copy_stream_verify_cutover_and_rollback()
    {
        await SourceDb.ExecuteAsync(Schemas);

        var migrate = await MigrateAsync();
        Assert.True(migrate.ExitCode == 0, migrate.StdOut + migrate.StdErr);
        foreach (var table in Tables)
        {
            await AssertSameRowsAsync(table);
        }

        // The objects of every schema came along: the enum type, the sequence no column owns, the foreign keys across schemas.
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'sales' AND t.typname = 'state'"));
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_sequences WHERE schemaname = 'billing' AND sequencename = 'invoice_no'"));
        Assert.Equal(3L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace IN ('sales'::regnamespace, 'billing'::regnamespace)"));

        // Changes in every schema, one transaction across two of them, reach the target in the same schemas.
        await SourceDb.ExecuteAsync("""
            INSERT INTO public.orders (note) SELECT 'later ' || g FROM generate_series(1, 50) g;
            UPDATE sales.orders SET state = 'paid', total = total + 0.01 WHERE id % 3 = 0;
            DELETE FROM sales.lines WHERE id % 5 = 0;
            BEGIN;
            INSERT INTO sales.orders (total) VALUES (99.99);
            INSERT INTO billing.invoices (order_id, public_order) SELECT max(id), 7 FROM sales.orders;
            UPDATE public.orders SET note = note || ' (invoiced)' WHERE id = 7;
            COMMIT;
            """);
        var sync = await SyncUntilCaughtUpAsync();
        Assert.True(sync.ExitCode == 0, sync.StdOut + sync.StdErr);
        foreach (var table in Tables)
        {
            await AssertSameRowsAsync(table);
        }

        // Verify compares each schema's table with its own: the two tables named orders are two results.
        var verify = await GodwitAsync("verify", "--source", Source, "--target", Target, "--mode", "rows", "--json");
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
        var verified = JsonDocument.Parse(verify.StdOut).RootElement.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("table").GetString()).ToList();
        Assert.Contains(verified, t => t!.EndsWith("public.orders", StringComparison.Ordinal));
        Assert.Contains(verified, t => t!.EndsWith("sales.orders", StringComparison.Ordinal));
        Assert.Equal(4, verified.Count);

        // A row changed behind godwit's back in one of the two same-named tables is found there, not in the other.
        await TargetDb.ExecuteAsync("UPDATE sales.orders SET total = 0 WHERE id = 10");
        var differs = await GodwitAsync("verify", "--source", Source, "--target", Target, "--mode", "rows", "--recheck", "off", "--json");
        Assert.NotEqual(0, differs.ExitCode);
        var different = JsonDocument.Parse(differs.StdOut).RootElement.GetProperty("tables").EnumerateArray()
            .Where(t => t.GetProperty("different").GetInt64() > 0).Select(t => t.GetProperty("table").GetString()).ToList();
        Assert.Equal("sales.orders", Assert.Single(different)![^"sales.orders".Length..]);
        var total = await SourceDb.ScalarAsync<decimal>("SELECT total FROM sales.orders WHERE id = 10");
        await TargetDb.ExecuteAsync($"UPDATE sales.orders SET total = {total.ToString(CultureInfo.InvariantCulture)} WHERE id = 10");
        var again = await GodwitAsync("verify", "--source", Source, "--target", Target, "--mode", "rows");
        Assert.True(again.ExitCode == 0, again.StdOut + again.StdErr);

        // The cutover freezes the tables of every schema and moves every schema's sequences past the source's.
        var routing = Path.Combine(Path.GetTempPath(), $"godwit-schemas-{Guid.NewGuid():N}.json");
        using var follow = SyncProcess.Start(["migrate", "--source", Source, "--target", Target, "--follow", "--routing-file", routing]);
        await WaitForAsync(
            async () => File.Exists(routing) && (await GodwitAsync("status", "--source", Source, "--target", Target, "--json")).StdOut.Contains("\"running\":true", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "the stream to run:\n" + follow.StdErr);
        var cutover = await GodwitAsync("cutover", "--source", Source, "--target", Target, "--routing-file", routing);
        Assert.True(cutover.ExitCode == 0, cutover.StdOut + cutover.StdErr);
        foreach (var insert in new[] { "INSERT INTO public.orders (note) VALUES ('x')", "INSERT INTO sales.orders (total) VALUES (1)", "INSERT INTO billing.invoices (order_id) VALUES (1)" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => SourceDb.ExecuteAsync(insert));
            Assert.Equal("25006", refused.SqlState);
        }

        Assert.True(await TargetDb.ScalarAsync<long>("SELECT nextval('sales.orders_id_seq')") > await SourceDb.ScalarAsync<long>("SELECT max(id) FROM sales.orders"));
        Assert.True(await TargetDb.ScalarAsync<long>("SELECT nextval('public.orders_id_seq')") > await SourceDb.ScalarAsync<long>("SELECT max(id) FROM public.orders"));
        Assert.True(await TargetDb.ScalarAsync<long>("SELECT nextval('billing.invoice_no')") > await SourceDb.ScalarAsync<long>("SELECT max(no) FROM billing.invoices"));

        // The way back covers every schema too: the follower turns around, the new primary's writes in two schemas
        // reach the old source, and a rollback hands the application back to it.
        await TargetDb.ExecuteAsync("""
            BEGIN;
            INSERT INTO sales.orders (total) VALUES (123.45);
            INSERT INTO billing.invoices (order_id) SELECT max(id) FROM sales.orders;
            UPDATE public.orders SET note = 'changed on the new primary' WHERE id = 1;
            COMMIT;
            """);
        await WaitForAsync(
            async () => await SourceDb.ScalarAsync<long>("SELECT count(*) FROM public.orders WHERE note = 'changed on the new primary'") == 1,
            TimeSpan.FromSeconds(60),
            "the follower to turn around and apply the new primary's writes:\n" + follow.StdErr);
        var rollback = await GodwitAsync("rollback", "--source", Source, "--target", Target, "--routing-file", routing, "--max-lag", "10s");
        Assert.True(rollback.ExitCode == 0, rollback.StdOut + rollback.StdErr + follow.StdErr);
        File.Delete(routing);
        foreach (var table in Tables)
        {
            await AssertSameRowsAsync(table);
        }

        await SourceDb.ExecuteAsync("INSERT INTO sales.orders (total) VALUES (7); INSERT INTO public.orders (note) VALUES ('back on the old source')");
        var frozen = await Assert.ThrowsAsync<PostgresException>(() => TargetDb.ExecuteAsync("INSERT INTO billing.invoices (order_id) VALUES (1)"));
        Assert.Equal("25006", frozen.SqlState);
    }

    [Fact]
    public async Task A_URI_naming_two_schemas_moves_only_those_and_assess_names_the_schema_left_behind()
    {
        await SourceDb.ExecuteAsync(Schemas.Replace(", public_order bigint REFERENCES public.orders (id)", string.Empty, StringComparison.Ordinal)
            .Replace("INSERT INTO billing.invoices (order_id, public_order) SELECT g, 1 + g % 300", "INSERT INTO billing.invoices (order_id) SELECT g", StringComparison.Ordinal));
        var source = Source + "?schema=sales,billing";

        var assess = await GodwitAsync("assess", "--source", source, "--json");
        Assert.True(assess.StdOut.Contains("other-schemas", StringComparison.Ordinal), assess.StdOut + assess.StdErr);
        Assert.Contains("public (1 tables)", assess.StdOut + assess.StdErr, StringComparison.Ordinal);
        Assert.Contains("moves schemas sales, billing, each into the schema of the same name", assess.StdOut, StringComparison.Ordinal);

        var migrate = await GodwitAsync("migrate", "--source", source, "--target", Target);
        Assert.True(migrate.ExitCode == 0, migrate.StdOut + migrate.StdErr);
        await AssertSameRowsAsync("sales.orders");
        await AssertSameRowsAsync("sales.lines");
        await AssertSameRowsAsync("billing.invoices");
        Assert.Null(await TargetDb.ScalarAsync<string?>("SELECT to_regclass('public.orders')::text"));

        // A change to the schema left out passes over; the named ones' changes arrive.
        await SourceDb.ExecuteAsync("INSERT INTO public.orders (note) VALUES ('stays behind'); INSERT INTO sales.orders (total) VALUES (5)");
        var sync = await GodwitAsync("sync", "--source", source, "--target", Target, "--until-caught-up");
        Assert.True(sync.ExitCode == 0, sync.StdOut + sync.StdErr);
        await AssertSameRowsAsync("sales.orders");
    }
}
