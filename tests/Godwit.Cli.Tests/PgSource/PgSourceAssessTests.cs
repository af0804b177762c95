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
    public async Task Assess_names_the_other_schemas_whose_tables_a_one_schema_stream_would_leave_behind_and_a_list_of_schemas_is_refused_not_read_as_one_name()
    {
        await SourceDb.ExecuteAsync("""
            CREATE TABLE public.items (id int PRIMARY KEY);
            CREATE SCHEMA a;
            CREATE TABLE a.items (id int PRIMARY KEY);
            CREATE TABLE a.orders (id int PRIMARY KEY, item int REFERENCES a.items);
            CREATE SCHEMA empty_one;
            """);

        var assess = await GodwitAsync("assess", "--source", Source, "--json");

        Assert.Contains("\"other-schemas\"", assess.StdOut, StringComparison.Ordinal);
        Assert.Contains("moves schema public only; a (2 tables) stay behind", assess.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("empty_one", assess.StdOut, StringComparison.Ordinal);

        var several = await GodwitAsync("assess", "--source", SourceDb.Uri.ToUnmaskedString() + "?schema=public,a");
        Assert.Equal(1, several.ExitCode);
        Assert.Contains("?schema=public,a: a stream from PostgreSQL moves one schema", several.StdErr, StringComparison.Ordinal);
    }
}
