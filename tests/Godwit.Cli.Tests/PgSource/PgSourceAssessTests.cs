using Xunit;

namespace Godwit.Cli.Tests.PgSource;

/// <summary><c>godwit assess</c> of a PostgreSQL source.</summary>
public sealed class PgSourceAssessTests : PgSourceTestBase
{
    [Fact]
    public async Task Assess_names_each_table_without_a_replica_identity_and_fix_sets_USING_INDEX_where_a_unique_key_exists_else_FULL()
    {
        await SourceDb.ExecuteAsync("""
            CREATE TABLE public.keyed (id int PRIMARY KEY);
            CREATE TABLE public.by_code (code text NOT NULL, v int);
            CREATE UNIQUE INDEX by_code_code ON public.by_code (code);
            CREATE TABLE public.bare (v int);
            CREATE UNLOGGED TABLE public.scratch (id int PRIMARY KEY);
            """);

        var before = await GodwitAsync("assess", "--source", Source, "--target", Target, "--json");

        Assert.Equal(2, before.ExitCode);
        Assert.Contains("\"public.by_code\"", before.StdOut, StringComparison.Ordinal);
        Assert.Contains("REPLICA IDENTITY USING INDEX by_code_code", before.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"public.bare\"", before.StdOut, StringComparison.Ordinal);
        Assert.Contains("unlogged table", before.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("\"public.keyed\"", before.StdOut, StringComparison.Ordinal);

        var fixedRun = await GodwitAsync("assess", "--source", Source, "--target", Target, "--fix", "--json");

        Assert.Contains("ALTER TABLE \"public\".\"by_code\" REPLICA IDENTITY USING INDEX \"by_code_code\"", fixedRun.StdErr, StringComparison.Ordinal);
        Assert.Equal("i", await SourceDb.ScalarAsync<string>("SELECT relreplident::text FROM pg_class WHERE oid = 'public.by_code'::regclass"));
        Assert.Equal("f", await SourceDb.ScalarAsync<string>("SELECT relreplident::text FROM pg_class WHERE oid = 'public.bare'::regclass"));
        Assert.DoesNotContain("\"code\": \"replica-identity\"", fixedRun.StdOut, StringComparison.Ordinal);

        // The unlogged table is the operator's call: still a blocker.
        Assert.Equal(2, fixedRun.ExitCode);
    }

    [Fact]
    public async Task Assess_names_the_schemas_a_schema_list_leaves_behind_and_none_when_every_schema_moves()
    {
        await SourceDb.ExecuteAsync("""
            CREATE TABLE public.items (id int PRIMARY KEY);
            CREATE SCHEMA a;
            CREATE TABLE a.items (id int PRIMARY KEY);
            CREATE TABLE a.orders (id int PRIMARY KEY, item int REFERENCES a.items);
            CREATE SCHEMA empty_one;
            """);

        var one = await GodwitAsync("assess", "--source", Source + "?schema=public", "--json");

        Assert.Contains("\"other-schemas\"", one.StdOut, StringComparison.Ordinal);
        Assert.Contains("moves schema public only; a (2 tables) stay behind", one.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("empty_one", one.StdOut, StringComparison.Ordinal);

        // The default moves every non-system schema, and a list both: nothing stays behind.
        var every = await GodwitAsync("assess", "--source", Source, "--json");
        Assert.DoesNotContain("\"other-schemas\"", every.StdOut, StringComparison.Ordinal);
        var both = await GodwitAsync("assess", "--source", Source + "?schema=public,a", "--json");
        Assert.DoesNotContain("\"other-schemas\"", both.StdOut, StringComparison.Ordinal);
    }
}
