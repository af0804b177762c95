using System.Text.RegularExpressions;
using Godwit.Core.Connections;
using Godwit.MySql;
using Godwit.Providers.MySql;

namespace Godwit.Demo.Seeding;

/// <summary>
/// The booking app's own MariaDB account: SELECT, INSERT, UPDATE and DELETE on the demo database and nothing else.
/// It matters for the cutover: <c>SET GLOBAL read_only = ON</c> does not stop accounts holding READ_ONLY ADMIN
/// (MariaDB 10.5.2+; ALL PRIVILEGES includes it), so an app writing as an admin would go on writing to the frozen source.
/// </summary>
public static partial class DemoAppAccount
{
    public const string DefaultUser = "godwit_demo_app";

    /// <summary>(Re)creates the account with <paramref name="password"/> and returns the app's URI for the admin URI's database.</summary>
    public static async Task<ConnectionUri> CreateAsync(ConnectionUri admin, string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var database = admin.Database ?? throw new ArgumentException($"{admin} names no database.", nameof(admin));
        var account = Account(user);
        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(admin) with { Database = null }, cancellationToken);

        // CREATE USER and GRANT take no placeholders, so the password never enters SQL text: the server hashes it from a
        // parameter and only that hash (checked to be hex) is written into the statement.
        string? hash;
        await using (var statement = await connection.PrepareAsync("SELECT PASSWORD(?)", cancellationToken))
        await using (var reader = await statement.QueryAsync([password], cancellationToken))
        {
            hash = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null;
            while (await reader.ReadAsync(cancellationToken))
            {
            }
        }

        if (hash is null || !PasswordHash().IsMatch(hash))
        {
            throw new InvalidOperationException("The server returned no mysql_native_password hash for the app account's password.");
        }

        await connection.ExecuteAsync($"DROP USER IF EXISTS {account}", cancellationToken);
        await connection.ExecuteAsync($"CREATE USER {account} IDENTIFIED BY PASSWORD '{hash}'", cancellationToken);
        await connection.ExecuteAsync($"GRANT SELECT, INSERT, UPDATE, DELETE ON {GrantPattern(database)}.* TO {account}", cancellationToken);
        return AppUri(admin, user, password);
    }

    /// <summary>Drops the account if it exists.</summary>
    public static async Task DropAsync(ConnectionUri admin, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        await using var connection = await MySqlConnection.OpenAsync(MySqlUriSettings.From(admin) with { Database = null }, cancellationToken);
        await connection.ExecuteAsync($"DROP USER IF EXISTS {Account(user)}", cancellationToken);
    }

    /// <summary>The admin URI with the app's user and password instead (same host, port, database and options).</summary>
    public static ConnectionUri AppUri(ConnectionUri admin, string user, string password) => DemoAccountUri.For(admin, user, password);

    // Account names are written as literals (CREATE USER takes no placeholders), so only a safe alphabet is accepted.
    private static string Account(string user) =>
        AccountName().IsMatch(user)
            ? $"'{user}'@'%'"
            : throw new ArgumentException($"'{user}' is not a usable account name: letters, digits and '_' only, at most 64.", nameof(user));

    // In a database-level GRANT, '_' and '%' are wildcards: `godwit_demo` would also grant on `godwitXdemo`.
    private static string GrantPattern(string database) =>
        "`" + database.Replace("`", "``", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal) + "`";

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountName();

    [GeneratedRegex("^\\*[0-9A-F]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordHash();
}
