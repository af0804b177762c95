using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary><c>godwit migrate</c> and <c>godwit sync</c> from a PostgreSQL source to a PostgreSQL target.</summary>
public sealed class PgToPgMigrateTests : PgSourceTestBase
{
    private const string Schema = """
        CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
        CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0);
        CREATE SEQUENCE public.shared_seq START 1000;
        CREATE TABLE public.items (
          id bigserial PRIMARY KEY,
          name text NOT NULL,
          price numeric(30,10),
          qty public.positive DEFAULT 1,
          m public.mood,
          tags text[],
          doc jsonb,
          at timestamptz DEFAULT now(),
          total numeric GENERATED ALWAYS AS (price * 2) STORED,
          blob bytea,
          f double precision,
          r real,
          big text,
          code bigint DEFAULT nextval('public.shared_seq')
        );
        CREATE INDEX items_name ON public.items (name);
        CREATE UNIQUE INDEX items_code ON public.items (code);
        COMMENT ON TABLE public.items IS 'the items';
        COMMENT ON COLUMN public.items.price IS 'exact to ten places';
        CREATE TABLE public.notes (a int, b text);
        ALTER TABLE public.notes REPLICA IDENTITY FULL;
        CREATE TABLE public.pairs (x int, y int, v text, PRIMARY KEY (x, y));
        CREATE TABLE public.byindex (a int NOT NULL, b text);
        CREATE UNIQUE INDEX byindex_a ON public.byindex (a);
        ALTER TABLE public.byindex REPLICA IDENTITY USING INDEX byindex_a;
        INSERT INTO public.byindex SELECT g, 'b' || g FROM generate_series(1, 300) g;
        CREATE TABLE public.events (id int, at date NOT NULL, what text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
        CREATE VIEW public.cheap AS SELECT id, name FROM public.items WHERE price < 10;
        CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := NEW.name; RETURN NEW; END $$;
        CREATE TRIGGER items_touch BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.touch();
        INSERT INTO public.items (name, price, m, tags, doc, blob, f, r, big)
          SELECT 'item ' || g, g * 1.0000000001, 'ok', ARRAY['a', 'b,c'], jsonb_build_object('g', g), '\xdeadbeef00', g / 3.0, g / 7.0,
                 CASE WHEN g % 100 = 0 THEN repeat(md5(g::text), 300) END
            FROM generate_series(1, 3000) g;
        INSERT INTO public.items (name, price, f) VALUES ('edge', 12345678901234567890.0123456789, 1.0000000000000002), ('nan', 'NaN', 'Infinity');
        INSERT INTO public.notes SELECT g % 50, repeat('x', g % 7) FROM generate_series(1, 500) g;
        INSERT INTO public.pairs SELECT g % 40, g, 'v' || g FROM generate_series(1, 2500) g;
        INSERT INTO public.events SELECT g, DATE '2025-06-01' + (g % 400), 'e' FROM generate_series(1, 1500) g;
        """;

    private static readonly string[] Tables = ["public.items", "public.notes", "public.pairs", "public.byindex", "public.events_2025", "public.events_2026"];

    [Fact]
    public async Task A_PostgreSQL_schema_arrives_with_its_types_partitions_generated_columns_indexes_and_comments_and_every_value_exact()
    {
        await SourceDb.ExecuteAsync(Schema);

        var run = await MigrateAsync("--chunk-rows", "500");

        Assert.True(run.ExitCode == 0, run.StdErr);
        foreach (var table in Tables)
        {
            await AssertSameRowsAsync(table);
        }

        Assert.Equal("the items", await TargetDb.ScalarAsync<string>("SELECT obj_description('public.items'::regclass, 'pg_class')"));
        Assert.Equal("numeric", await TargetDb.ScalarAsync<string>("SELECT data_type FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'total'"));
        Assert.Equal("ALWAYS", await TargetDb.ScalarAsync<string>("SELECT is_generated FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'total'"));
        Assert.Equal(2L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.events'::regclass"));
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_indexes WHERE indexname = 'items_code'"));
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgname = 'items_touch'"));
        Assert.Equal(1L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM pg_views WHERE viewname = 'cheap'"));
        Assert.Equal("12345678901234567890.0123456789", await TargetDb.ScalarAsync<string>("SELECT price::text FROM public.items WHERE name = 'edge'"));
        Assert.Equal("1.0000000000000002", await TargetDb.ScalarAsync<string>("SELECT f::text FROM public.items WHERE name = 'edge'"));
    }

    [Fact]
    public async Task Changes_on_a_PostgreSQL_source_reach_the_target_exactly_with_unchanged_TOAST_values_kept_FULL_identity_partitions_and_TRUNCATE()
    {
        await SourceDb.ExecuteAsync(Schema);
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);

        await SourceDb.ExecuteAsync("""
            UPDATE public.items SET price = price + 1 WHERE big IS NOT NULL;
            UPDATE public.items SET big = repeat('z', 9000) WHERE id = 200;
            UPDATE public.items SET id = id + 100000 WHERE id BETWEEN 10 AND 12;
            DELETE FROM public.items WHERE id BETWEEN 20 AND 25;
            INSERT INTO public.items (name, price, m, doc, big) VALUES ('new', 3.33, 'happy', '{"n": [1, 2]}', repeat('q', 5000));
            UPDATE public.notes SET b = 'changed' WHERE a < 5;
            DELETE FROM public.notes WHERE a BETWEEN 10 AND 12;
            INSERT INTO public.notes VALUES (1000, NULL);
            UPDATE public.pairs SET y = y + 100000 WHERE x = 1;
            UPDATE public.byindex SET b = 'changed' WHERE a < 10;
            UPDATE public.byindex SET a = a + 1000 WHERE a BETWEEN 20 AND 22;
            DELETE FROM public.byindex WHERE a BETWEEN 30 AND 40;
            UPDATE public.events SET at = DATE '2026-03-01' WHERE id < 30;
            INSERT INTO public.events VALUES (99999, DATE '2026-12-31', 'late');
            BEGIN; TRUNCATE public.pairs; INSERT INTO public.pairs VALUES (7, 7, 'after truncate'); COMMIT;
            """);
        var sync = await SyncUntilCaughtUpAsync();

        Assert.True(sync.ExitCode == 0, sync.StdErr);
        foreach (var table in Tables)
        {
            await AssertSameRowsAsync(table);
        }

        // The rows whose price changed kept their large values (pgoutput sent them as "unchanged TOAST").
        Assert.Equal(29L, await TargetDb.ScalarAsync<long>("SELECT count(*) FROM public.items WHERE length(big) = 9600"));
    }

    [Fact]
    public async Task A_keyless_table_without_a_replica_identity_is_refused_before_anything_is_published_naming_the_table_and_the_fix()
    {
        await SourceDb.ExecuteAsync("CREATE TABLE public.log (at timestamptz, line text); INSERT INTO public.log VALUES (now(), 'x'); CREATE TABLE public.ok (id int PRIMARY KEY)");

        var run = await MigrateAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("public.log", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("assess --fix", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(0L, await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_publication"));

        // The application's own writes still work: the table joined no publication.
        await SourceDb.ExecuteAsync("UPDATE public.log SET line = 'y'; DELETE FROM public.log");

        // Left out by its bare name (the schema the URI migrates qualifies it), it is not published.
        var without = await MigrateAsync("--exclude", "log");
        Assert.True(without.ExitCode == 0, without.StdErr);
        Assert.Equal(0L, await SourceDb.ScalarAsync<long>("SELECT count(*) FROM pg_publication_tables WHERE tablename = 'log'"));
        await SourceDb.ExecuteAsync("UPDATE public.log SET line = 'z'");
    }

    [Fact]
    public async Task Verify_of_a_PostgreSQL_pair_names_a_row_that_differs_and_passes_once_it_is_repaired()
    {
        await SourceDb.ExecuteAsync(Schema);
        var copy = await MigrateAsync();
        Assert.True(copy.ExitCode == 0, copy.StdErr);
        await TargetDb.ExecuteAsync("UPDATE public.items SET doc = '{\"g\": -1}' WHERE id = 77");

        var differs = await GodwitAsync("verify", "--source", Source, "--target", Target, "--recheck", "off");

        Assert.NotEqual(0, differs.ExitCode);
        Assert.Contains("77", differs.StdOut + differs.StdErr, StringComparison.Ordinal);
        await TargetDb.ExecuteAsync("UPDATE public.items SET doc = '{\"g\": 77}' WHERE id = 77");
        var equal = await GodwitAsync("verify", "--source", Source, "--target", Target, "--mode", "rows");
        Assert.True(equal.ExitCode == 0, equal.StdOut + equal.StdErr);
    }
}
