using System.Globalization;
using Godwit.MySql;

namespace Godwit.Cli.Tests.Copy;

/// <summary>
/// Proves the copy is one consistent snapshot at the recorded position, without CDC: a writer changes the source
/// all through the copy (transfers between accounts, inserts, deletes, unique-key swaps, primary-key updates), each
/// transaction tagged with the GTID it committed as. The target must equal the initial state plus exactly the
/// transactions whose GTID is within the recorded <c>gtid_binlog_pos</c>: nothing later, nothing missing.
/// </summary>
public sealed class ConsistencyUnderWritesTests : CopyTestBase
{
    private const int Accounts = 3000;

    [Fact]
    public async Task The_copy_equals_the_source_as_of_the_recorded_position_under_concurrent_writes()
    {
        await MySql.ExecuteAsync($"""
            CREATE TABLE accounts (id INT PRIMARY KEY, email VARCHAR(60) NOT NULL, balance BIGINT NOT NULL, UNIQUE KEY uq_email (email));
            INSERT INTO accounts SELECT seq, CONCAT('a', seq, '@x'), 1000 FROM seq_1_to_{Accounts};
            CREATE TABLE items (id INT PRIMARY KEY, v INT NOT NULL);
            INSERT INTO items SELECT seq, 0 FROM seq_1_to_{Accounts};
            """);
        var model = new Model();
        for (var i = 1; i <= Accounts; i++)
        {
            model.Accounts[i] = ($"a{i}@x", 1000);
            model.Items[i] = 0;
        }

        var initial = model.Clone();
        var log = new List<(long Seq, Action<Model> Apply)>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() => WriteAsync(model, log, stop.Token));
        await Task.Delay(300);

        var run = await MigrateAsync("--jobs", "3", "--chunk-rows", "250", "--max-rows-per-second", "2500", "--json");

        await stop.CancelAsync();
        await writer;
        Assert.True(run.ExitCode == 0, run.StdErr);
        var gtid = Json(run).GetProperty("consistency").GetProperty("gtid").GetString()!;
        var domain = await MySqlScalarAsync("SELECT @@gtid_domain_id");
        var seq = long.Parse(gtid.Split(',').Select(g => g.Split('-')).Single(p => p[0] == domain)[2], CultureInfo.InvariantCulture);
        var before = log.Where(l => l.Seq <= seq).ToList();
        var after = log.Count - before.Count;
        Assert.True(before.Count > 10, $"only {before.Count} writes before the snapshot");
        Assert.True(after > 50, $"only {after} writes after the snapshot: the copy did not run under writes");

        var expected = initial.Clone();
        foreach (var (_, apply) in before.OrderBy(l => l.Seq))
        {
            apply(expected);
        }

        var accounts = (await PgRowsAsync($"SELECT id::text, email, balance::text FROM \"{Schema}\".accounts a ORDER BY a.id"))
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}").ToList();
        var items = (await PgRowsAsync($"SELECT id::text, v::text FROM \"{Schema}\".items i ORDER BY i.id")).Select(r => $"{r[0]}|{r[1]}").ToList();
        Assert.Equal(Accounts * 1000L, long.Parse((await PgScalarAsync($"SELECT sum(balance)::text FROM \"{Schema}\".accounts"))!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.Accounts.OrderBy(a => a.Key).Select(a => $"{a.Key}|{a.Value.Email}|{a.Value.Balance}"), accounts);
        Assert.Equal(expected.Items.OrderBy(a => a.Key).Select(a => $"{a.Key}|{a.Value}"), items);
    }

    private async Task WriteAsync(Model model, List<(long, Action<Model>)> log, CancellationToken stop)
    {
        var random = new Random(42);
        var nextId = Accounts + 1;
        var nextItem = Accounts + 1;
        await using var c = await OpenMySqlAsync();
        while (!stop.IsCancellationRequested)
        {
            var ids = model.Accounts.Keys.ToList();
            var a = ids[random.Next(ids.Count)];
            var b = ids[random.Next(ids.Count)];
            if (a == b)
            {
                continue;
            }

            string sql;
            Action<Model> apply;
            switch (random.Next(5))
            {
                case 0:
                    // Transfer: the total never changes.
                    var amount = random.Next(1, 50);
                    sql = $"UPDATE accounts SET balance = balance - {amount} WHERE id = {a}; UPDATE accounts SET balance = balance + {amount} WHERE id = {b};";
                    apply = m =>
                    {
                        m.Accounts[a] = (m.Accounts[a].Email, m.Accounts[a].Balance - amount);
                        m.Accounts[b] = (m.Accounts[b].Email, m.Accounts[b].Balance + amount);
                    };
                    break;
                case 1:
                    var id = nextId++;
                    sql = $"INSERT INTO accounts VALUES ({id}, 'n{id}@x', 0);";
                    apply = m => m.Accounts[id] = ($"n{id}@x", 0);
                    break;
                case 2:
                    // Delete an account after moving its balance away.
                    var balance = model.Accounts[a].Balance;
                    sql = $"UPDATE accounts SET balance = balance + {balance} WHERE id = {b}; DELETE FROM accounts WHERE id = {a};";
                    apply = m =>
                    {
                        m.Accounts[b] = (m.Accounts[b].Email, m.Accounts[b].Balance + balance);
                        m.Accounts.Remove(a);
                    };
                    break;
                case 3:
                    // Swap two unique emails.
                    var ea = model.Accounts[a].Email;
                    var eb = model.Accounts[b].Email;
                    sql = $"UPDATE accounts SET email = 'swap' WHERE id = {a}; UPDATE accounts SET email = '{ea}' WHERE id = {b}; UPDATE accounts SET email = '{eb}' WHERE id = {a};";
                    apply = m =>
                    {
                        m.Accounts[a] = (eb, m.Accounts[a].Balance);
                        m.Accounts[b] = (ea, m.Accounts[b].Balance);
                    };
                    break;
                default:
                    // Move an item to a new primary key (and bump it).
                    var items = model.Items.Keys.ToList();
                    var from = items[random.Next(items.Count)];
                    var to = nextItem++;
                    sql = $"UPDATE items SET id = {to}, v = v + 1 WHERE id = {from};";
                    apply = m =>
                    {
                        var v = m.Items[from];
                        m.Items.Remove(from);
                        m.Items[to] = v + 1;
                    };
                    break;
            }

            await c.ExecuteAsync("START TRANSACTION; " + sql + " COMMIT;", CancellationToken.None);
            var gtid = await c.ScalarAsync<string>("SELECT @@last_gtid", CancellationToken.None);
            apply(model);
            log.Add((long.Parse(gtid!.Split('-')[2], CultureInfo.InvariantCulture), apply));
            await Task.Delay(2, CancellationToken.None);
        }
    }

    private sealed class Model
    {
        public Dictionary<int, (string Email, long Balance)> Accounts { get; private init; } = [];

        public Dictionary<int, int> Items { get; private init; } = [];

        public Model Clone() => new() { Accounts = new(Accounts), Items = new(Items) };
    }
}
