using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Providers;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Copy;

/// <summary>
/// The post-data phase on a MySQL target: the views and routines, once every table is in. A table's keys and indexes
/// are in its CREATE TABLE already (InnoDB keeps rows in primary-key order, so loading into the finished table is
/// how <c>mysqldump</c> output loads too), so nothing starts per table.
/// </summary>
internal sealed class MySqlPostData(PgSchemaPlan plan, Func<CancellationToken, Task<MySqlConnection>> open) : ICopyPostData
{
    public void StartTable(string targetTable, CancellationToken cancellationToken)
    {
    }

    public async Task<PostDataResult> FinishAsync(CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var result = await MySqlSchemaApplier.ApplyAsync(connection, plan, Core.Specs.IfExistsMode.Keep, [DdlPhase.PostData], cancellationToken);
        return new PostDataResult(result.Failed, []);
    }

    public Task AbandonAsync() => Task.CompletedTask;
}
