using Godwit.Core.Connections;
using Godwit.Postgres;
using Npgsql;

namespace Godwit.Testing;

/// <summary>A throwaway PostgreSQL database on the testbed: created on start, dropped (forcibly) on dispose.</summary>
public sealed class PgScratchDatabase : IAsyncDisposable
{
    private PgScratchDatabase(string name, ConnectionUri server)
    {
        Name = name;
        Server = server;
        Uri = server.WithDatabase(name);
    }

    public string Name { get; }

    /// <summary>The server's maintenance database URI.</summary>
    public ConnectionUri Server { get; }

    public ConnectionUri Uri { get; }

    public static async Task<PgScratchDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = TestServers.Postgres;
        var db = new PgScratchDatabase(ScratchName.New(), server);
        try
        {
            await using var connection = await PgConnectionFactory.OpenAsync(server, cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{db.Name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PgConnectException ex)
        {
            throw new InvalidOperationException(TestServers.NotRunningMessage("PostgreSQL", ex), ex);
        }

        return db;
    }

    public Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        PgConnectionFactory.OpenAsync(Uri, cancellationToken);

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Rows of a query, every value as invariant text (NULL as null), for comparing with the source.</summary>
    public async Task<List<string?[]>> RowsAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = await PgConnectionFactory.OpenAsync(Server, CancellationToken.None);

        // A database with logical replication slots cannot be dropped, even WITH (FORCE): stop their consumers
        // and drop the slots first.
        await using (var slots = new NpgsqlCommand(
            """
            SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = $1 AND active_pid IS NOT NULL;
            """,
            connection))
        {
            slots.Parameters.Add(new NpgsqlParameter { Value = Name });
            await slots.ExecuteNonQueryAsync(CancellationToken.None);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var drop = new NpgsqlCommand("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1", connection);
                drop.Parameters.Add(new NpgsqlParameter { Value = Name });
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
                break;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 200)
            {
                // The terminated walsender has not let go of its slot yet.
                await Task.Delay(50);
            }
        }

        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
