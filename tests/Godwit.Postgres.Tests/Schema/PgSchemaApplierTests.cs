using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.Postgres.Copy;
using Godwit.Postgres.Schema;
using Godwit.Testing;
using Npgsql;

namespace Godwit.Postgres.Tests.Schema;

public sealed class PgSchemaApplierTests : IAsyncLifetime
{
    private PgScratchDatabase? _pg;

    private PgScratchDatabase Pg => _pg!;

    public async Task InitializeAsync() => _pg = await PgScratchDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_pg is not null)
        {
            await _pg.DisposeAsync();
        }
    }

    private static PgSchemaPlan Plan(SourceDatabase db, string? rules = null)
    {
        var spec = rules is null ? new MigrationSpec() : MigrationSpecLoader.Parse(rules, "godwit.yaml");
        var options = new DdlOptions();
        var casts = new CastRuleEngine(spec.Rules, "godwit.yaml", new CastOptions { TargetSchema = options.ResolveTargetSchema(db.Name) }).ResolveAll(db);
        return PgDdlGenerator.Generate(db, casts, options);
    }

    private async Task<SchemaApplyResult> ApplyAsync(PgSchemaPlan plan, IfExistsMode mode = IfExistsMode.Error, params DdlPhase[] phases)
    {
        await using var c = await Pg.OpenAsync();
        return await PgSchemaApplier.ApplyAsync(c, plan, mode, phases.Length == 0 ? [DdlPhase.PreData, DdlPhase.PostData] : phases, CancellationToken.None);
    }

    private async Task<List<string[]>> RowsAsync(string sql)
    {
        await using var c = await Pg.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await r.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!)]);
        }

        return rows;
    }

    [Fact]
    public async Task The_type_zoo_applies_and_every_column_gets_its_type()
    {
        var plan = Plan(SchemaZoo.Database());

        var result = await ApplyAsync(plan);

        Assert.Empty(result.Failed);
        var types = (await RowsAsync("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
             WHERE a.attrelid = '"zoo db"."zoo"'::regclass AND a.attnum > 0 AND NOT a.attisdropped
            """)).ToDictionary(r => r[0], r => r[1]);
        foreach (var (column, _, expected) in SchemaZoo.Types)
        {
            Assert.True(types.TryGetValue(column.ToLowerInvariant(), out var actual), $"column {column} missing");
            Assert.Equal(expected, actual);
        }

        Assert.Equal("1", (await RowsAsync("SELECT count(*) FROM pg_views WHERE schemaname = 'zoo db' AND viewname = 'zoo_view'"))[0][0]);
        Assert.Equal("every type", (await RowsAsync("SELECT obj_description('\"zoo db\".\"zoo\"'::regclass)"))[0][0]);
        Assert.Equal(["users", "users_2"], (await RowsAsync("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'zoo db' AND relname LIKE 'users%' AND relkind = 'r' ORDER BY 1")).Select(r => r[0]));
    }

    [Fact]
    public async Task An_fk_between_unsigned_bigint_columns_is_created_with_identical_types()
    {
        var plan = Plan(SchemaZoo.Database());

        await ApplyAsync(plan);

        var fk = await RowsAsync("""
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid = '"zoo db"."child"'::regclass
            """);
        var row = Assert.Single(fk);
        Assert.Equal("child_parent_fk", row[0]);
        Assert.Equal("FOREIGN KEY (parent_id) REFERENCES \"zoo db\".parent(id) ON UPDATE RESTRICT ON DELETE CASCADE", row[1]);
        var types = await RowsAsync("""
            SELECT format_type(atttypid, atttypmod) FROM pg_attribute
             WHERE (attrelid, attname) IN (('"zoo db"."child"'::regclass, 'parent_id'), ('"zoo db"."parent"'::regclass, 'id'))
            """);
        Assert.Equal(["bigint", "bigint"], types.Select(t => t[0]));
    }

    [Fact]
    public async Task Index_names_stay_the_sources_and_are_unique_in_the_schema()
    {
        await ApplyAsync(Plan(SchemaZoo.Database()));

        var names = (await RowsAsync("SELECT indexname FROM pg_indexes WHERE schemaname = 'zoo db' ORDER BY 1")).Select(r => r[0]).ToList();

        Assert.Contains("parent_idx", names);
        Assert.Contains("zoo_parent_idx", names);
        Assert.Contains("vc_uq", names);
        Assert.Contains("lt_prefix", names);
        Assert.Contains("ft", names);
        Assert.DoesNotContain(names, n => n.StartsWith("idx_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Identity_columns_continue_after_the_loaded_rows()
    {
        var plan = Plan(SchemaZoo.Database());
        await ApplyAsync(plan, IfExistsMode.Error, DdlPhase.PreData);
        await Pg.ExecuteAsync("INSERT INTO \"zoo db\".parent (id, name) VALUES (7, 'loaded')");

        await ApplyAsync(plan, IfExistsMode.Error, DdlPhase.PostData);
        await Pg.ExecuteAsync("INSERT INTO \"zoo db\".parent (name) VALUES ('next')");

        // AUTO_INCREMENT was 100 on the source: the sequence continues from there, not from max(id) + 1.
        Assert.Equal("100", (await RowsAsync("SELECT max(id) FROM \"zoo db\".parent"))[0][0]);
    }

    [Fact]
    public async Task Existing_objects_are_an_error_by_default_and_can_be_kept_or_dropped()
    {
        var plan = Plan(SchemaZoo.Database());
        await ApplyAsync(plan);
        await Pg.ExecuteAsync("INSERT INTO \"zoo db\".\"users\" VALUES (1)");

        var ex = await Assert.ThrowsAsync<SchemaConflictException>(() => ApplyAsync(plan));
        Assert.Contains("users", ex.Message, StringComparison.Ordinal);

        var kept = await ApplyAsync(plan, IfExistsMode.Keep);
        Assert.Contains("users", kept.Kept);
        Assert.Equal("1", (await RowsAsync("SELECT count(*) FROM \"zoo db\".\"users\""))[0][0]);

        var dropped = await ApplyAsync(plan, IfExistsMode.Drop);
        Assert.Contains("users", dropped.Dropped);
        Assert.Equal("0", (await RowsAsync("SELECT count(*) FROM \"zoo db\".\"users\""))[0][0]);
    }

    [Fact]
    public async Task Pg_enum_rules_create_enum_types()
    {
        var plan = Plan(SchemaZoo.Database(), "rules:\n  - type: enum\n    enum: pg-enum\n");

        await ApplyAsync(plan);

        Assert.Equal("{small,medium,large}", (await RowsAsync("SELECT enum_range(NULL::\"zoo db\".zoo_e)::text"))[0][0]);
    }

    [Fact]
    public async Task Values_converted_by_the_casts_load_through_binary_copy_and_read_back_exactly()
    {
        var plan = Plan(SchemaZoo.Database());
        await ApplyAsync(plan, IfExistsMode.Error, DdlPhase.PreData);
        var zoo = plan.Table("zoo");
        var wkbPoint = Convert.FromHexString("E61000000101000000000000000000F03F0000000000000040");
        var values = new Dictionary<string, byte[]?>
        {
            ["id"] = U("1"),
            ["tiu"] = U("255"),
            ["flag"] = U("1"),
            ["siu"] = U("65535"),
            ["iu"] = U("4294967295"),
            ["biu"] = U("18446744073709551615"),
            ["dec1"] = U("-12345678.99"),
            ["f"] = U("3.14"),
            ["d"] = U("-1.7976931348623157e308"),
            ["b1"] = [0x01],
            ["b10"] = [0x02, 0x05],
            ["dt"] = U("0000-00-00"),
            ["dtm"] = U("2024-03-31 02:30:00.123456"),
            ["ts"] = U("2024-01-02 03:04:05"),
            ["tm"] = U("-838:59:59.5"),
            ["yr"] = U("2155"),
            ["c"] = U("ab"),
            ["vc"] = U("it's ☃"),
            ["bn"] = Convert.FromHexString("00112233445566778899AABBCCDDEEFF"),
            ["e"] = U("large"),
            ["st"] = U("a,c"),
            ["j"] = U("{\"a\": [1, 2]}"),
            ["mj"] = U("{\"b\": null}"),
            ["u"] = U("123e4567-e89b-12d3-a456-426614174000"),
            ["ip4"] = U("10.0.0.1"),
            ["ip6"] = U("2001:db8::1"),
            ["p"] = wkbPoint,
        };

        await using (var c = await Pg.OpenAsync())
        {
            // Written exactly as the copy writes rows: binary COPY encoded from the MySQL text bytes.
            var columns = zoo.CopyColumns.ToList();
            var batch = new RowBatch(columns.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                if (values.GetValueOrDefault(columns[i].Source.Name) is { } raw)
                {
                    batch.SetValue(i, raw);
                }
                else
                {
                    batch.SetNull(i);
                }
            }

            batch.CommitRow();
            var rows = new PgBinaryRows(columns);
            rows.Reset();
            Assert.Null(rows.TryAdd(batch, 0));
            rows.Send(c, rows.CopySql(zoo.QualifiedName));
        }

        var row = (await RowsAsync("""
            SELECT tiu::text, flag::text, siu::text, iu::text, biu::text, dec1::text, f::text, d::text, b1::text, b10::text,
                   coalesce(dt::text, 'NULL'), dtm::text, (ts AT TIME ZONE 'UTC')::text, tm::text, yr::text, c, vc, encode(bn, 'hex'),
                   e, st::text, j::text, mj::text, u::text, host(ip4), host(ip6), encode(p, 'hex'), gen::text
              FROM "zoo db".zoo
            """)).Single();
        Assert.Equal(
            [
                "255", "true", "65535", "4294967295", "18446744073709551615", "-12345678.99", "3.14", "-1.7976931348623157e+308", "1", "1000000101",
                "NULL", "2024-03-31 02:30:00.123456", "2024-01-02 03:04:05", "-838:59:59.5", "2155", "ab", "it's ☃", "00112233445566778899aabbccddeeff",
                "large", "{a,c}", "{\"a\": [1, 2]}", "{\"b\": null}", "123e4567-e89b-12d3-a456-426614174000", "10.0.0.1", "2001:db8::1",
                "0101000000000000000000f03f0000000000000040", "NULL",
            ],
            row);

        await ApplyAsync(plan, IfExistsMode.Error, DdlPhase.PostData);
    }

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
}
