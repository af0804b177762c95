using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Apply;

/// <summary>The apply connection's prepared statements, kept by their SQL for the session's life (a table's changes repeat a few shapes).</summary>
internal sealed class MySqlApplyStatements(MySqlConnection connection) : IAsyncDisposable
{
    private const int MaxPrepared = 512;
    private readonly Dictionary<string, MySqlPreparedStatement> _prepared = new(StringComparer.Ordinal);

    public async ValueTask ExecuteAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        if (!_prepared.TryGetValue(sql, out var statement))
        {
            if (_prepared.Count >= MaxPrepared)
            {
                await DisposeAsync();
            }

            statement = await connection.PrepareAsync(sql, cancellationToken);
            _prepared[sql] = statement;
        }

        await statement.ExecuteAsync(parameters, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _prepared.Values)
        {
            if (connection.IsUsable)
            {
                await statement.DisposeAsync();
            }
        }

        _prepared.Clear();
    }
}
