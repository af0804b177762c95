using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

/// <summary>Tenant moves from a PostgreSQL source are not built yet: refused before anything is made on either side.</summary>
public sealed class TenantFromPostgresTests : IAsyncLifetime
{
    private PgScratchDatabase? _source;
    private PgScratchDatabase? _target;

    public async Task InitializeAsync()
    {
        _source = await PgScratchDatabase.CreateAsync();
        _target = await PgScratchDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_tenant_move_from_a_PostgreSQL_source_is_refused_before_any_slot_publication_or_trigger_is_made()
    {
        await _source!.ExecuteAsync("""
            CREATE TABLE public.orders (id serial PRIMARY KEY, company_id int NOT NULL, total numeric);
            INSERT INTO public.orders (company_id, total) SELECT g % 3, g FROM generate_series(1, 30) g;
            """);
        var map = Path.Combine(Path.GetTempPath(), $"godwit-tenant-pg-{Guid.NewGuid():N}.json");

        var run = await CliRun.InvokeAsync(
            ["tenant", "move", "--source", _source.Uri.ToUnmaskedString(), "--target", _target!.Uri.ToUnmaskedString(), "--tenant-column", "company_id", "--tenant", "2", "--routing-map", map]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("tenant moves from a PostgreSQL source are not built yet", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(0L, await _source.ScalarAsync<long>("SELECT count(*) FROM pg_catalog.pg_replication_slots WHERE database = current_database()"));
        Assert.Equal(0L, await _source.ScalarAsync<long>("SELECT count(*) FROM pg_catalog.pg_publication"));
        Assert.Equal(0L, await _source.ScalarAsync<long>("SELECT count(*) FROM pg_catalog.pg_trigger WHERE NOT tgisinternal"));
        Assert.Equal(0L, await _target.ScalarAsync<long>("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'"));
        Assert.False(File.Exists(map));
    }
}
