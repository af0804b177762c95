using System.Text.RegularExpressions;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Postgres;
using Godwit.Postgres.Source;
using Npgsql;

namespace Godwit.Demo.Seeding;

/// <summary>
/// The booking app's own PostgreSQL role, for a PostgreSQL source: a login that is not a superuser (nor may create
/// databases or roles, replicate or bypass row security), with SELECT, INSERT, UPDATE and DELETE on the demo schema's
/// tables and views, USAGE on its sequences, and nothing else. It matters for the cutover as the MariaDB account's
/// limits do there: godwit freezes a PostgreSQL source with triggers, and only the owner of a table (or a superuser)
/// could drop or disable them and write on past the freeze.
/// </summary>
public static partial class PgDemoAppAccount
{
    /// <summary>
    /// (Re)creates the role with <paramref name="password"/> and its grants on the schema the admin URI names
    /// (<c>?schema=</c>, default <c>public</c>), and returns the app's URI for that database and schema. A role of that
    /// name is dropped first, with what it owns and was granted in this database.
    /// </summary>
    public static async Task<ConnectionUri> CreateAsync(ConnectionUri admin, string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var database = admin.Database ?? throw new ArgumentException($"{admin} names no database.", nameof(admin));
        var schema = PgIdentifier.Quote(PgDemoDatabase.SchemaOf(admin));
        var role = Role(user);

        // CREATE ROLE takes no parameters: the password goes in as a SCRAM verifier made here, checked to hold nothing
        // but its own alphabet, so neither the password nor anything that could end the literal enters the statement.
        var verifier = PgScramVerifier.Create(password);
        if (!Verifier().IsMatch(verifier))
        {
            throw new InvalidOperationException("The SCRAM verifier made for the app role's password is malformed.");
        }

        await using var connection = await PgConnectionFactory.OpenAsync(admin.WithoutOption(PgSourceProvider.SchemaOption), pooled: false, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await DropIfExistsAsync(connection, user, role, cancellationToken);
        await ExecuteAsync(connection, $"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD '{verifier}'", cancellationToken);
        await ExecuteAsync(connection, $"GRANT CONNECT ON DATABASE {PgIdentifier.Quote(database)} TO {role}", cancellationToken);
        await ExecuteAsync(connection, $"GRANT USAGE ON SCHEMA {schema} TO {role}", cancellationToken);
        await ExecuteAsync(connection, $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}", cancellationToken);
        await ExecuteAsync(connection, $"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AppUri(admin, user, password);
    }

    /// <summary>Drops the role if it exists, with what it owns and was granted in the admin URI's database.</summary>
    public static async Task DropAsync(ConnectionUri admin, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var role = Role(user);
        await using var connection = await PgConnectionFactory.OpenAsync(admin.WithoutOption(PgSourceProvider.SchemaOption), pooled: false, cancellationToken);
        await DropIfExistsAsync(connection, user, role, cancellationToken);
    }

    /// <summary>The admin URI with the app's user and password instead (same host, port, database, schema and options).</summary>
    public static ConnectionUri AppUri(ConnectionUri admin, string user, string password) => DemoAccountUri.For(admin, user, password);

    private static async Task DropIfExistsAsync(NpgsqlConnection connection, string user, string role, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = user });
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                return;
            }
        }

        // DROP OWNED also revokes what the role was granted here. Grants in another database keep it alive: a migrated
        // copy of the schema carries them (pg_dump writes the GRANTs), so the error names those databases.
        await ExecuteAsync(connection, $"DROP OWNED BY {role}", cancellationToken);
        try
        {
            await ExecuteAsync(connection, $"DROP ROLE {role}", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DependentObjectsStillExist)
        {
            throw new InvalidOperationException(
                $"The role {user} cannot be dropped: it still has privileges or objects in database(s) {await DependentDatabasesAsync(connection, user, cancellationToken)}. "
                + $"Run DROP OWNED BY {role} there (or drop that copy of the schema) first.",
                e);
        }
    }

    private static async Task<string> DependentDatabasesAsync(NpgsqlConnection connection, string user, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(string_agg(DISTINCT d.datname, ', '), '?') FROM pg_catalog.pg_shdepend s
              JOIN pg_catalog.pg_database d ON d.oid = s.dbid
             WHERE s.refclassid = 'pg_catalog.pg_authid'::regclass AND s.refobjid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = $1)
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = user });
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // Role names are written into statements (CREATE ROLE takes no placeholders): lower case, digits and '_' only, so
    // that the quoted name is also the one the server shows and a URI carries.
    private static string Role(string user) =>
        RoleName().IsMatch(user)
            ? PgIdentifier.Quote(user)
            : throw new ArgumentException($"'{user}' is not a usable role name: lower-case letters, digits and '_' only, at most 63, not starting with a digit.", nameof(user));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleName();

    [GeneratedRegex("^SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Verifier();
}
