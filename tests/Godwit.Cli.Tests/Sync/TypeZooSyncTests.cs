namespace Godwit.Cli.Tests.Sync;

/// <summary>The copy's type zoo (<see cref="TypeZoo"/>), inserted after the start position so
/// every value reaches the target through the binlog, must land exactly as the copy lands it.</summary>
public sealed class TypeZooSyncTests : SyncTestBase
{
    [Fact]
    public async Task Every_type_through_the_change_stream_equals_the_copys_conversion()
    {
        var start = await SetUpAsync(TypeZoo.Table);
        await MySql.ExecuteAsync(TypeZoo.Rows);
        // An update through every column (before and after images) and back: the final values must be the inserted ones.
        await MySql.ExecuteAsync("""
            SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
            UPDATE zoo SET vc = 'tmp', j = '[]', u = NULL, ti = 5 WHERE id = 1;
            UPDATE zoo SET vc = 'it''s ☃ 😀 \\ "q"', j = '{"a": [1, 2], "b": "ü"}', u = '123e4567-e89b-12d3-a456-426614174000', ti = 127 WHERE id = 1;
            """);

        await SyncOkAsync("--from", start);

        TypeZoo.AssertLanded(await PgRowsAsync(TypeZoo.Select(Schema)));
    }
}
