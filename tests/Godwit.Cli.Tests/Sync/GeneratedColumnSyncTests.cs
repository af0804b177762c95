using Godwit.Cli.Tests.Copy;

namespace Godwit.Cli.Tests.Sync;

/// <summary>The same generated columns through the change stream: rows land as MySQL stored them.</summary>
public sealed class GeneratedColumnSyncTests : SyncTestBase
{
    [Fact]
    public async Task A_generated_column_overflowing_int4_is_streamed_as_mysql_stored_it()
    {
        var start = await SetUpAsync(GeneratedColumnCopyTests.Table);
        await MySql.ExecuteAsync(GeneratedColumnCopyTests.Rows);

        await SyncOkAsync("--from", start);

        await AssertSameRowsAsync("gen", "id, a, twice, wide, up");
    }
}
