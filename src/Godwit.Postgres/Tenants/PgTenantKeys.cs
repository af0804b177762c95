using Godwit.Core.Tenants;
using Npgsql;

namespace Godwit.Postgres.Tenants;

/// <summary>The keys a query returns as text columns, joined as the change filter compares them; a row with a NULL in its key is no key.</summary>
internal static class PgTenantKeys
{
    public static async Task<IReadOnlyList<string>> ReadAsync(NpgsqlCommand command, int columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!Enumerable.Range(0, columns).Any(reader.IsDBNull))
            {
                keys.Add(TenantChangeFilter.JoinKey(Enumerable.Range(0, columns).Select(reader.GetString)));
            }
        }

        return keys;
    }
}
