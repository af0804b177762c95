using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Types;
using Godwit.Providers.MySql.Introspection;
using Godwit.Providers.MySql.Snapshot;

namespace Godwit.MySql.Tests.Copy;

public sealed class MySqlCopySourceTests : IClassFixture<ScratchDatabase>
{
    private readonly ScratchDatabase _db;

    public MySqlCopySourceTests(ScratchDatabase db)
    {
        _db = db;
    }

    [Fact]
    public async Task Keyset_chunks_of_a_composite_text_key_cover_every_row_exactly_once_even_with_quotes_and_backslashes()
    {
        await ExecAsync("""
            CREATE TABLE ks (a VARCHAR(20) NOT NULL, b INT NOT NULL, v INT, PRIMARY KEY (a, b));
            INSERT INTO ks SELECT ELT(1 + seq % 6, 'it''s', 'back\\slash', 'ünï', 'x y', '', 'quote"d'), seq, seq FROM seq_1_to_300;
            """);

        var (rows, chunks) = await CopyAllAsync("ks", chunkRows: 7);

        Assert.True(chunks >= 40, $"{chunks} chunks");
        Assert.Equal(Enumerable.Range(1, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[2]!).OrderBy(int.Parse));
    }

    [Fact]
    public async Task Integer_key_chunks_split_min_to_max_and_the_last_chunk_is_open_ended()
    {
        await ExecAsync("""
            CREATE TABLE ik (id BIGINT PRIMARY KEY, v INT);
            INSERT INTO ik SELECT CAST(seq AS SIGNED) * 37 - 5000, seq FROM seq_1_to_500;
            """);
        var source = new MySqlCopySource(_db.Settings, _db.Name);
        var table = await TableAsync("ik");
        var plan = await source.PlanChunksAsync(table, 50, CancellationToken.None);
        await ExecAsync("INSERT INTO ik VALUES (9223372036854775807, 501), (-9223372036854775808, 502)");

        var rows = await ReadAsync(source, table, plan);

        Assert.True(plan.Count >= 9, $"{plan.Count} chunks");
        Assert.Null(plan[0].Lower);
        Assert.Null(plan[^1].Upper);
        Assert.Equal(502, rows.Count);
        Assert.Equal(502, rows.Select(r => r[0]).Distinct().Count());
    }

    [Fact]
    public async Task Binary_key_bounds_are_hex_literals_and_lose_no_row()
    {
        await ExecAsync("""
            CREATE TABLE bk (k VARBINARY(8) PRIMARY KEY, v INT);
            INSERT INTO bk SELECT CONCAT(CHAR(seq % 256), CHAR(0), CHAR(39), CHAR(92), CHAR(seq DIV 256)), seq FROM seq_1_to_400;
            """);

        var (rows, chunks) = await CopyAllAsync("bk", chunkRows: 30);

        Assert.True(chunks >= 10);
        Assert.Equal(400, rows.Select(r => r[1]).Distinct().Count());
    }

    [Fact]
    public async Task A_row_filter_keeps_only_its_values_in_every_chunk_and_quotes_them_itself()
    {
        await ExecAsync("""
            CREATE TABLE tf (id INT PRIMARY KEY, tenant VARCHAR(20) NOT NULL, v INT);
            INSERT INTO tf SELECT seq, CASE seq % 3 WHEN 0 THEN 'acme' WHEN 1 THEN 'o''brien' ELSE 'zeta' END, seq FROM seq_1_to_300;
            """);
        await using var source = new MySqlCopySource(_db.Settings, _db.Name);
        var table = new CopyTable((await TableAsync("tf")).Mapping) { Filter = new RowFilter("tenant", ["o'brien", "acme') OR ('1'='1"]) };
        var plan = await source.PlanChunksAsync(table, 40, CancellationToken.None);

        var rows = await ReadAsync(source, table, plan);

        Assert.True(plan.Count > 1, "the filtered table is read in more than one chunk");
        Assert.Equal(100, rows.Count);
        Assert.All(rows, r => Assert.Equal("o'brien", r[1]));
    }

    [Fact]
    public void Range_conditions_expand_tuple_comparisons_for_the_optimizer()
    {
        var chunk = new ChunkSpec("t", 1, ["1", "'a'"], ["2", "'b'"]);

        var sql = MySqlCopySource.RangeCondition(["x", "y"], chunk);

        Assert.Equal(" WHERE (`x` > 1 OR (`x` = 1 AND `y` > 'a')) AND (`x` < 2 OR (`x` = 2 AND `y` <= 'b'))", sql);
        Assert.Equal(string.Empty, MySqlCopySource.RangeCondition(["x"], new ChunkSpec("t", 0, null, null)));
    }

    [Fact]
    public async Task The_global_read_lock_snapshot_gives_every_worker_the_recorded_position()
    {
        await ExecAsync("CREATE TABLE IF NOT EXISTS g (id INT PRIMARY KEY); INSERT INTO g VALUES (1);");
        await using var source = new MySqlCopySource(_db.Settings, _db.Name);

        var snapshot = await source.OpenSnapshotAsync([], 3, SnapshotMode.Lock, CancellationToken.None);
        await ExecAsync("INSERT INTO g VALUES (2)");

        Assert.Equal(SnapshotMethod.GlobalReadLock, snapshot.Method);
        var (file, offset, _) = MySqlPositionCodec.Parts(snapshot.Position!);
        Assert.NotNull(file);
        Assert.All(snapshot.WorkerPositions, p => Assert.Equal((file, offset), (MySqlPositionCodec.Parts(p!).File, MySqlPositionCodec.Parts(p!).Offset)));
        var rows = await ReadAsync(source, await TableAsync("g"), [new ChunkSpec("g", 0, null, null)], open: false);
        Assert.Single(rows);
    }

    private async Task<(List<string?[]> Rows, int Chunks)> CopyAllAsync(string name, long chunkRows)
    {
        await using var source = new MySqlCopySource(_db.Settings, _db.Name);
        var table = await TableAsync(name);
        var plan = await source.PlanChunksAsync(table, chunkRows, CancellationToken.None);
        return (await ReadAsync(source, table, plan), plan.Count);
    }

    private static async Task<List<string?[]>> ReadAsync(MySqlCopySource source, CopyTable table, IReadOnlyList<ChunkSpec> plan, bool open = true)
    {
        if (open)
        {
            await source.OpenSnapshotAsync([], 2, SnapshotMode.Auto, CancellationToken.None);
        }

        var rows = new List<string?[]>();
        var batch = new RowBatch(1, rowCapacity: 16);
        for (var i = 0; i < plan.Count; i++)
        {
            await source.Worker(i % 2 == 0 || !open ? 0 : 1).ReadChunkAsync(
                table,
                plan[i],
                _ => ValueTask.FromResult(batch),
                (b, _) =>
                {
                    for (var r = 0; r < b.Count; r++)
                    {
                        rows.Add([.. Enumerable.Range(0, b.ColumnCount).Select(c => b.IsNull(r, c) ? null : Convert.ToHexString(b.Value(r, c)) is var hex && IsText(b.Value(r, c)) ? Encoding.UTF8.GetString(b.Value(r, c)) : hex)]);
                    }

                    return ValueTask.CompletedTask;
                },
                CancellationToken.None);
        }

        await source.DisposeAsync();
        return rows;
    }

    private static bool IsText(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b < 0x20)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<CopyTable> TableAsync(string name)
    {
        await using var c = await _db.OpenAsync();
        var db = await MySqlIntrospector.IntrospectAsync(c, _db.Name, CancellationToken.None);
        var casts = new CastRuleEngine([], null, new CastOptions { TargetSchema = "t" }).ResolveAll(db);
        var plan = PgDdlGenerator.Generate(db, casts, new DdlOptions { TargetSchema = "t" });
        return new CopyTable(plan.Table(name));
    }

    private async Task ExecAsync(string sql)
    {
        await using var c = await _db.OpenAsync();
        await c.ExecuteAsync(sql, CancellationToken.None);
    }
}
