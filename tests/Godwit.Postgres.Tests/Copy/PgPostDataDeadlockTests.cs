using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Postgres.Copy;
using Godwit.Testing;
using Npgsql;
using Xunit;

namespace Godwit.Postgres.Tests.Copy;

/// <summary>Post-data statements that lose a lock cycle (deadlock detected) are run again, not reported as failures.</summary>
public sealed class PgPostDataDeadlockTests : PgScratchTest
{
    [Fact]
    public async Task A_foreign_key_chosen_to_break_a_deadlock_is_added_again_and_the_post_data_step_succeeds()
    {
        await Db.ExecuteAsync("""
            CREATE TABLE public.store (id int PRIMARY KEY, manager int);
            CREATE TABLE public.staff (id int PRIMARY KEY, store int);
            INSERT INTO public.store VALUES (1, 1); INSERT INTO public.staff VALUES (1, 1);
            """);
        var fk = new DdlStatement(DdlPhase.PostData, DdlObjectKind.ForeignKey, "fk_store_staff",
            "ALTER TABLE public.store ADD CONSTRAINT fk_store_staff FOREIGN KEY (manager) REFERENCES public.staff (id)") { Table = "store" };
        var plan = new PgSchemaPlan { TargetSchema = "public", Statements = [fk], Tables = [], Notes = [] };

        // Another session holds staff and will ask for store once the key waits on staff: a cycle that the key's
        // backend detects first (it waited first), so the key is the one PostgreSQL fails.
        await using var other = await PgConnectionFactory.OpenAsync(Db.Uri, pooled: false, CancellationToken.None);
        await using var holding = await other.BeginTransactionAsync();
        await Execute(other, holding, "LOCK TABLE public.staff IN SHARE ROW EXCLUSIVE MODE");

        var post = new PgPostData(plan, ct => PgConnectionFactory.OpenAsync(Db.Uri, pooled: false, ct), 1, new CopyProgress(), 0, mixedSnapshots: false);
        var finishing = post.FinishAsync(CancellationToken.None);
        await Waiting.UntilAsync(
            async () => await Db.ScalarAsync<long>("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'staff' AND NOT l.granted") > 0,
            TimeSpan.FromSeconds(60),
            "the foreign key to wait for staff");
        await Execute(other, holding, "LOCK TABLE public.store IN SHARE ROW EXCLUSIVE MODE");
        await holding.CommitAsync();

        var result = await finishing.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(result.Notes);
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conname = 'fk_store_staff'"));
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
