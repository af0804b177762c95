using System.Text.Json;

namespace Godwit.Cli.Tests.Copy;

public sealed class MigrateCommandTests : CopyTestBase
{
    private const string Shop = """
        CREATE TABLE customers (
          id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
          email VARCHAR(100) NOT NULL,
          name VARCHAR(50) NOT NULL,
          balance DECIMAL(12,2) NOT NULL DEFAULT 0,
          created DATETIME(6) NOT NULL,
          UNIQUE KEY uq_email (email),
          KEY ix_created (created));
        CREATE TABLE orders (
          id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          customer_id BIGINT UNSIGNED NOT NULL,
          total DECIMAL(14,2) NOT NULL,
          note TEXT NULL,
          KEY ix_cust (customer_id),
          CONSTRAINT fk_cust FOREIGN KEY (customer_id) REFERENCES customers (id));
        INSERT INTO customers (email, name, balance, created)
          SELECT CONCAT('user', seq, '@example.com'), CONCAT('Name ', seq, ' ü✓'), seq / 100, '2020-01-01' + INTERVAL seq SECOND FROM seq_1_to_3000;
        INSERT INTO customers (id, email, name, created) VALUES (9223372036854775000, 'max@example.com', 'max', '2020-01-01');
        INSERT INTO orders (customer_id, total, note)
          SELECT 1 + seq % 3000, seq / 7, IF(seq % 5 = 0, NULL, REPEAT('note ', 1 + seq % 5)) FROM seq_1_to_5000;
        INSERT INTO orders (customer_id, total) VALUES (9223372036854775000, 1);
        """;

    [Fact]
    public async Task Migrate_copies_every_row_and_ends_with_a_json_summary_whose_counts_and_phases_add_up()
    {
        await MySql.ExecuteAsync(Shop);

        var run = await MigrateAsync("--jobs", "3", "--chunk-rows", "700", "--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        var json = Json(run);
        var tables = json.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        Assert.Equal(3001, tables["customers"].GetProperty("rows_loaded").GetInt64());
        Assert.Equal(5001, tables["orders"].GetProperty("rows_loaded").GetInt64());
        Assert.True(tables["orders"].GetProperty("chunks").GetInt32() > 1);
        Assert.True(tables["orders"].GetProperty("bytes").GetInt64() > 0);
        Assert.Equal(8002, json.GetProperty("totals").GetProperty("rows_read").GetInt64());
        Assert.Equal(0, json.GetProperty("totals").GetProperty("rows_rejected").GetInt64());
        var phases = json.GetProperty("phases");
        var sum = phases.GetProperty("schema_s").GetDouble() + phases.GetProperty("copy_s").GetDouble()
            + phases.GetProperty("post_data_s").GetDouble();
        Assert.Equal(sum, json.GetProperty("wall_s").GetDouble(), 3);
        var consistency = json.GetProperty("consistency");
        Assert.Equal("global-read-lock", consistency.GetProperty("method").GetString());
        Assert.StartsWith("mariadb-bin.", consistency.GetProperty("binlog_file").GetString(), StringComparison.Ordinal);
        Assert.True(consistency.GetProperty("binlog_pos").GetInt64() > 0);
        Assert.Matches(@"^\d+-\d+-\d+", consistency.GetProperty("gtid").GetString());

        Assert.Equal("3001", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".customers"));
        Assert.Equal(
            await MySqlScalarAsync("SELECT MD5(GROUP_CONCAT(id, '|', email, '|', name, '|', balance, '|', DATE_FORMAT(created, '%Y-%m-%d %H:%i:%s.%f') ORDER BY id SEPARATOR ','))  FROM customers"),
            await PgScalarAsync($"SELECT md5(string_agg(id || '|' || email || '|' || name || '|' || balance || '|' || to_char(created, 'YYYY-MM-DD HH24:MI:SS.US'), ',' ORDER BY id)) FROM \"{Schema}\".customers"));
        Assert.Equal(
            await MySqlScalarAsync("SELECT MD5(GROUP_CONCAT(id, '|', customer_id, '|', total, '|', IFNULL(note, 'NULL') ORDER BY id SEPARATOR ',')) FROM orders"),
            await PgScalarAsync($"SELECT md5(string_agg(id || '|' || customer_id || '|' || total || '|' || coalesce(note, 'NULL'), ',' ORDER BY id)) FROM \"{Schema}\".orders"));
    }

    [Fact]
    public async Task Indexes_and_foreign_keys_are_created_after_the_data_and_the_unsigned_fk_survives()
    {
        await MySql.ExecuteAsync(Shop);

        var run = await MigrateAsync("--jobs", "2", "--chunk-rows", "1000");

        Assert.True(run.ExitCode == 0, run.StdErr);
        var lastDataXid = long.Parse((await PgScalarAsync($"SELECT max(xmin::text::bigint)::text FROM \"{Schema}\".orders"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await CatalogXminAsync("fk_cust", constraint: true) > lastDataXid, "the FK must be created after the last row was loaded");
        Assert.True(await CatalogXminAsync("ix_cust") > lastDataXid, "the index must be built after the data");
        Assert.True(await CatalogXminAsync("orders_pkey") > lastDataXid, "the primary key must be built after the data");
        Assert.Matches(@"^FOREIGN KEY \(customer_id\) REFERENCES ""?" + Schema + @"""?\.customers\(id\)", await PgScalarAsync(
            $"SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'fk_cust' AND connamespace = '\"{Schema}\"'::regnamespace"));
        Assert.Equal("t", (await PgScalarAsync($"SELECT convalidated::text FROM pg_constraint WHERE conname = 'fk_cust' AND connamespace = '\"{Schema}\"'::regnamespace"))![..1]);
        Assert.Equal("9223372036854775000", await PgScalarAsync($"SELECT customer_id::text FROM \"{Schema}\".orders WHERE customer_id > 4000"));
        var ex = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Postgres.ExecuteAsync($"INSERT INTO \"{Schema}\".orders (customer_id, total) VALUES (999999, 1)"));
        Assert.Equal("23503", ex.SqlState);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Postgres.ExecuteAsync($"INSERT INTO \"{Schema}\".customers (email, name, created) VALUES ('user1@example.com', 'dup', now())"));
    }

    [Fact]
    public async Task Identity_sequences_continue_past_the_largest_copied_key()
    {
        await MySql.ExecuteAsync(Shop);

        var run = await MigrateAsync();

        Assert.True(run.ExitCode == 0, run.StdErr);
        var maxId = await PgScalarAsync($"SELECT max(id)::text FROM \"{Schema}\".orders");
        var next = await PgScalarAsync($"INSERT INTO \"{Schema}\".orders (customer_id, total) VALUES (1, 2) RETURNING id::text");
        Assert.True(long.Parse(next!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(maxId!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_godwit_executable_migrates_and_prints_a_summary_table_with_wall_time()
    {
        await MySql.ExecuteAsync(Shop);

        var run = await GodwitProcess.RunAsync(["migrate", "--source", Source, "--target", Target, "--jobs", "2"]);

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Matches(@"customers\s.*3,001", run.StdOut);
        Assert.Matches(@"orders\s.*5,001", run.StdOut);
        Assert.Matches(@"wall time: schema [\d.]+ s \+ copy [\d.]+ s \+ indexes, constraints and analyze after the last row [\d.]+ s = [\d.]+ s", run.StdOut);
        Assert.Contains("consistent at mariadb-bin.", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("godwit:godwit@", run.StdOut + run.StdErr, StringComparison.Ordinal);
        Assert.Equal("5001", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".orders"));
    }

    [Fact]
    public async Task Running_a_finished_migration_again_copies_nothing()
    {
        await MySql.ExecuteAsync(Shop);
        Assert.Equal(0, (await MigrateAsync()).ExitCode);

        var again = await MigrateAsync("--json");

        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.True(Json(again).GetProperty("already_done").GetBoolean());
        Assert.Equal("5001", await PgScalarAsync($"SELECT count(*) FROM \"{Schema}\".orders"));
    }

    [Fact]
    public async Task Tables_and_exclude_select_what_is_copied()
    {
        await MySql.ExecuteAsync(Shop + "CREATE TABLE audit (id INT PRIMARY KEY); INSERT INTO audit VALUES (1);");

        var run = await MigrateAsync("--exclude", "orders,audit", "--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Equal(new[] { "customers" }, Json(run).GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("table").GetString()!).ToArray());
        Assert.Equal("0", await PgScalarAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = '{Schema}' AND tablename IN ('orders', 'audit')"));
    }
}
