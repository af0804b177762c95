using Godwit.Core.Schema;
using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;
using Godwit.Providers.MySql.Introspection;
using Godwit.Providers.MySql.Streaming;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>
/// The type a TABLE_MAP gives a column (what the stream converts a logged value from when the schema has changed since)
/// against what information_schema says for the same column: the same family, signedness, decimal scale and BIT width.
/// </summary>
public sealed class BinlogSourceTypeTests(ScratchDatabase database) : IClassFixture<ScratchDatabase>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_type_a_table_map_logs_has_the_family_and_shape_information_schema_shows()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "CREATE TABLE logged (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT UNSIGNED, bi BIGINT UNSIGNED, "
            + "de DECIMAL(12,3), f FLOAT, d DOUBLE, b1 BIT(1), b10 BIT(10), da DATE, dt DATETIME(3), ts TIMESTAMP(6) NULL, tm TIME, y YEAR, "
            + "c CHAR(5), vc VARCHAR(40), bn BINARY(3), vb VARBINARY(8), tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, bl BLOB, lb LONGBLOB, "
            + "en ENUM('a','it''s','x\\\\y'), st SET('p','q'), g GEOMETRY, u UUID, i4 INET4, i6 INET6)",
            None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync("INSERT INTO logged (id) VALUES (1)", None);
        var hints = new BinlogColumnHints();
        hints.Set(database.Name, "logged", "u", BinlogColumnHint.Uuid);
        hints.Set(database.Name, "logged", "i4", BinlogColumnHint.Inet4);
        hints.Set(database.Name, "logged", "i6", BinlogColumnHint.Inet6);

        var map = await TableMapAsync(start, hints);
        var schema = (await MySqlIntrospector.IntrospectAsync(connection, database.Name, None)).Tables.Single(t => t.Name == "logged");

        Assert.Equal(schema.Columns.Count, map.Columns.Count);
        var mismatches = new List<string>();
        foreach (var column in schema.Columns)
        {
            var logged = BinlogSourceType.Of(map.Columns.Single(c => c.Name == column.Name));
            var expected = column.Type;
            if (logged.Family != expected.Family || logged.Unsigned != expected.Unsigned
                || (expected.Family is MySqlTypeFamily.Decimal && (logged.Length, logged.Scale) != (expected.Length, expected.Scale))
                || (expected.Family is MySqlTypeFamily.Bit && logged.Length != expected.Length)
                || (expected.Family is MySqlTypeFamily.Integer && logged.IntegerBytes != expected.IntegerBytes)
                || expected.FractionalSeconds != logged.FractionalSeconds
                || (expected.Family is MySqlTypeFamily.Text or MySqlTypeFamily.Blob && logged.CharacterLength != expected.CharacterLength)
                || !logged.Labels.SequenceEqual(expected.Labels))
            {
                mismatches.Add($"{column.Name}: information_schema {expected.ColumnType}, binlog {logged.ColumnType}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.Equal("bigint unsigned", BinlogSourceType.Of(map.Columns.Single(c => c.Name == "bi")).ColumnType);
        Assert.Equal(["a", "it's", "x\\y"], BinlogSourceType.Of(map.Columns.Single(c => c.Name == "en")).Labels);
    }

    [Fact]
    public async Task A_hint_named_for_a_column_that_is_not_binary_in_the_map_is_not_applied()
    {
        // The schema now says UUID, but this map was logged while the column was a CHAR(36) (the stream is behind an ALTER).
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE hinted (id INT PRIMARY KEY, u CHAR(36), i4 VARCHAR(15), b BINARY(16))", None);
        var start = await BinlogTestServer.CurrentPositionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO hinted VALUES (1, '123e4567-e89b-12d3-a456-426614174000', '10.0.0.1', x'123e4567e89b12d3a456426614174000')", None);
        var hints = new BinlogColumnHints();
        hints.Set(database.Name, "hinted", "u", BinlogColumnHint.Uuid);
        hints.Set(database.Name, "hinted", "i4", BinlogColumnHint.Inet4);
        hints.Set(database.Name, "hinted", "b", BinlogColumnHint.Uuid);

        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name, hints);
        var row = events.Single(e => e.Event is RowsEvent).Rows.Single().After!;
        var map = ((RowsEvent)events.Single(e => e.Event is RowsEvent).Event).Table;

        Assert.Equal("123e4567-e89b-12d3-a456-426614174000", System.Text.Encoding.UTF8.GetString(row[1]!));
        Assert.Equal("10.0.0.1", System.Text.Encoding.UTF8.GetString(row[2]!));
        Assert.Equal((MySqlTypeFamily.Char, MySqlTypeFamily.Char), (BinlogSourceType.Of(map.Columns[1]).Family, BinlogSourceType.Of(map.Columns[2]).Family));

        // The BINARY(16) still has the shape a MariaDB UUID is logged in, so its hint applies.
        Assert.Equal("123e4567-e89b-12d3-a456-426614174000", System.Text.Encoding.UTF8.GetString(row[3]!));
        Assert.Equal(MySqlTypeFamily.Uuid, BinlogSourceType.Of(map.Columns[3]).Family);
    }

    private async Task<BinlogTableMap> TableMapAsync(BinlogPosition start, BinlogColumnHints hints)
    {
        var events = await BinlogTestServer.RecordAsync(BinlogStart.FromPosition(start), database.Name, hints);
        return events.Select(e => e.Event).OfType<TableMapEvent>().Select(e => e.Table).Single(t => t.Table == "logged");
    }
}
