namespace Godwit.Cli.Tests.Sync;

public sealed class ForeignKeyCascadeTests : SyncTestBase
{
    [Fact]
    public async Task Rows_the_source_deletes_or_nulls_by_a_cascading_foreign_key_are_gone_on_the_target_too()
    {
        var start = await SetUpAsync("""
            CREATE TABLE parent (id INT PRIMARY KEY);
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE);
            CREATE TABLE orphan (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE SET NULL);
            """);
        await MySql.ExecuteAsync("""
            INSERT INTO parent VALUES (1), (2);
            INSERT INTO child VALUES (10, 1), (20, 2);
            INSERT INTO orphan VALUES (100, 1);
            DELETE FROM parent WHERE id = 1;
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("parent");
        await AssertSameRowsAsync("child");
        await AssertSameRowsAsync("orphan");
    }

    [Fact]
    public async Task A_parent_key_change_cascades_to_the_children_as_on_the_source()
    {
        var start = await SetUpAsync("""
            CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(10));
            CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id) ON UPDATE CASCADE ON DELETE CASCADE);
            """);
        await MySql.ExecuteAsync("""
            INSERT INTO parent VALUES (1, 'a'), (2, 'b');
            INSERT INTO child VALUES (10, 1), (20, 2);
            UPDATE parent SET id = 3 WHERE id = 1;
            """);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("parent");
        await AssertSameRowsAsync("child");
    }
}
