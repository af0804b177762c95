using System.Globalization;
using Godwit.Routing;
using Godwit.Testing;
using Xunit;

namespace Godwit.Cli.Tests.Tenant;

/// <summary>
/// The seed's case on the testbed's MariaDB: a multi-tenant source database (<c>company_id</c>: companies, orders,
/// order_items reached through orders, a shared countries table) and a target database on the same server that
/// already holds another tenant, with a routing map in a temporary directory.
/// </summary>
public abstract class TenantTestBase : IAsyncLifetime
{
    /// <summary>Orders per tenant in the seed (each with two items).</summary>
    protected const int SeedOrders = 40;

    private MySqlScratchDatabase? _source;
    private MySqlScratchDatabase? _target;
    private string? _dir;

    protected MySqlScratchDatabase SourceDb => _source ?? throw new InvalidOperationException("not initialized");

    protected MySqlScratchDatabase TargetDb => _target ?? throw new InvalidOperationException("not initialized");

    protected string Source => SourceDb.Uri.ToUnmaskedString();

    /// <summary>The target URI names the target database (db_system2 in the seed).</summary>
    protected string Target => TargetDb.Uri.ToUnmaskedString();

    protected string MapPath => Path.Combine(_dir ?? throw new InvalidOperationException("not initialized"), "routing.json");

    public virtual async Task InitializeAsync()
    {
        _source = await MySqlScratchDatabase.CreateAsync();
        _target = await MySqlScratchDatabase.CreateAsync();
        _dir = Directory.CreateTempSubdirectory("godwit-tenant-").FullName;
        await CreateSchemaAsync(SourceDb);
        await SourceDb.ExecuteAsync("INSERT INTO countries VALUES ('de', 'Germany'), ('fr', 'France')");
        foreach (var tenant in new[] { 1, 2, 3, 4 })
        {
            await SeedTenantAsync(SourceDb, tenant, firstOrderId: (tenant * 1000) + 1);
        }

        // The target already serves tenant 9 (another earlier move): same tables, ids of its own.
        await CreateSchemaAsync(TargetDb);
        await SeedTenantAsync(TargetDb, 9, firstOrderId: 90_001);
    }

    public virtual async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        if (_source is not null)
        {
            await _source.DisposeAsync();
        }

        if (_dir is not null)
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private const string Schema = """
        CREATE TABLE companies (company_id INT PRIMARY KEY, name VARCHAR(50) NOT NULL);
        CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, company_id INT NOT NULL, total DECIMAL(10,2) NOT NULL,
          CONSTRAINT fk_orders_company FOREIGN KEY (company_id) REFERENCES companies (company_id));
        CREATE TABLE order_items (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL, sku VARCHAR(20) NOT NULL,
          CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id));
        CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name VARCHAR(50) NOT NULL);
        """;

    private static async Task CreateSchemaAsync(MySqlScratchDatabase db)
    {
        foreach (var statement in Schema.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await db.ExecuteAsync(statement);
        }
    }

    private static async Task SeedTenantAsync(MySqlScratchDatabase db, int tenant, int firstOrderId)
    {
        await db.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO companies VALUES ({tenant}, 'company {tenant}')"));
        var orders = string.Join(", ", Enumerable.Range(0, SeedOrders).Select(i => string.Create(CultureInfo.InvariantCulture, $"({firstOrderId + i}, {tenant}, {i}.50)")));
        await db.ExecuteAsync($"INSERT INTO orders (id, company_id, total) VALUES {orders}");
        var items = string.Join(", ", Enumerable.Range(0, SeedOrders).SelectMany(i => new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"({(firstOrderId + i) * 10}, {firstOrderId + i}, 'a')"),
            string.Create(CultureInfo.InvariantCulture, $"({((firstOrderId + i) * 10) + 1}, {firstOrderId + i}, 'b')"),
        }));
        await db.ExecuteAsync($"INSERT INTO order_items (id, order_id, sku) VALUES {items}");
    }

    /// <summary>The routing map with primary=source, as the application starts with it.</summary>
    protected void WriteInitialMap() =>
        RoutingFile.Write(MapPath, new RoutingState { Primary = RoutingPrimary.Source, Version = 1, Source = SourceDb.Uri.ToString(), Target = TargetDb.Uri.ToString() });

    protected string[] MoveArgs(int tenant, params string[] extra) =>
        ["tenant", "move", "--source", Source, "--target", Target, "--tenant-column", "company_id", "--tenant", tenant.ToString(CultureInfo.InvariantCulture), "--routing-map", MapPath, .. extra];

    private protected Task<CliRun> MoveAsync(int tenant, params string[] extra) => CliRun.InvokeAsync(MoveArgs(tenant, extra));

    protected static async Task<long> CountAsync(MySqlScratchDatabase db, string sql) =>
        long.Parse((await db.RowsAsync(sql))[0][0]!, CultureInfo.InvariantCulture);

    /// <summary>The tenant's rows in the three tenant tables: companies, orders, order_items (through orders).</summary>
    protected static async Task<(long Companies, long Orders, long Items)> TenantRowsAsync(MySqlScratchDatabase db, int tenant) =>
        (await CountAsync(db, $"SELECT COUNT(*) FROM companies WHERE company_id = {tenant}"),
         await CountAsync(db, $"SELECT COUNT(*) FROM orders WHERE company_id = {tenant}"),
         await CountAsync(db, $"SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.company_id = {tenant}"));
}
