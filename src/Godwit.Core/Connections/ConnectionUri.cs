using System.Globalization;
using System.Text;

namespace Godwit.Core.Connections;

/// <summary>
/// A parsed database URI in the ecosystem's usual forms:
/// <c>mysql://user:pass@host:port/db?opt=v</c> (also <c>mariadb://</c>) and
/// <c>postgresql://user:pass@host:port/db?sslmode=require</c> (also <c>postgres://</c>).
/// A Unix socket is given as <c>?socket=/path</c> (MySQL) or <c>?host=/dir</c> (PostgreSQL, as libpq does).
/// <see cref="ToString"/> always masks the password.
/// </summary>
public sealed class ConnectionUri
{
    public const int DefaultMySqlPort = 3306;
    public const int DefaultPostgresPort = 5432;
    public const string Mask = "****";

    private ConnectionUri(
        DatabaseEngine engine,
        string scheme,
        string host,
        int port,
        string? user,
        string? password,
        string? database,
        IReadOnlyDictionary<string, string> options)
    {
        Engine = engine;
        Scheme = scheme;
        Host = host;
        Port = port;
        User = user;
        Password = password;
        Database = database;
        Options = options;
    }

    public DatabaseEngine Engine { get; }

    /// <summary>The scheme as written (<c>mysql</c>, <c>mariadb</c>, <c>postgresql</c>, <c>postgres</c>).</summary>
    public string Scheme { get; }

    public string Host { get; }

    public int Port { get; }

    public string? User { get; }

    /// <summary>The password, from the URI or resolved later by <see cref="PasswordResolver"/>. Never print it.</summary>
    public string? Password { get; }

    public string? Database { get; }

    /// <summary>Query options (<c>sslmode</c>, <c>application_name</c>, <c>socket</c>, …), keys lower-cased.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>The Unix socket path (MySQL <c>?socket=</c>) or socket directory (PostgreSQL host starting with '/').</summary>
    public string? UnixSocket =>
        Options.TryGetValue("socket", out var s) ? s
        : Engine == DatabaseEngine.Postgres && Options.TryGetValue("host", out var h) && h.StartsWith('/') ? h
        : null;

    public static ConnectionUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new ConnectionUriException(
                "The value is not a connection URI: it has no scheme; expected mysql://, mariadb://, postgresql:// or postgres://.");
        }

        var scheme = text[..schemeEnd].ToLowerInvariant();
        var engine = scheme switch
        {
            "mysql" or "mariadb" => DatabaseEngine.MySql,
            "postgresql" or "postgres" => DatabaseEngine.Postgres,
            _ => throw new ConnectionUriException(
                $"Unsupported URI scheme '{scheme}://'; expected mysql://, mariadb://, postgresql:// or postgres://."),
        };

        var rest = text[(schemeEnd + 3)..];
        string? query = null;
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        string? database = null;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            database = Decode(rest[(slash + 1)..], "database");
            rest = rest[..slash];
            if (database.Length == 0)
            {
                database = null;
            }
        }

        string? user = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                user = Decode(userInfo[..colon], "user");
                password = Decode(userInfo[(colon + 1)..], "password");
            }
            else
            {
                user = Decode(userInfo, "user");
            }
        }

        var defaultPort = engine == DatabaseEngine.MySql ? DefaultMySqlPort : DefaultPostgresPort;
        var (host, port) = ParseHostPort(rest, defaultPort, scheme);

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(query))
        {
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Decode(eq >= 0 ? pair[..eq] : pair, "option name").ToLowerInvariant();
                var value = eq >= 0 ? Decode(pair[(eq + 1)..], $"option '{key}'") : string.Empty;
                if (key is "password")
                {
                    password = value;
                    continue;
                }

                if (key is "user")
                {
                    user = value;
                    continue;
                }

                if (key is "port")
                {
                    port = ParsePort(value, scheme);
                    continue;
                }

                options[key] = value;
            }
        }

        if (host.Length == 0)
        {
            host = options.TryGetValue("host", out var h) && !h.StartsWith('/') ? h : "localhost";
        }

        return new ConnectionUri(engine, scheme, host, port, user, password, database, options);
    }

    /// <summary>A copy with a password filled in (from the environment, ~/.pgpass or ~/.my.cnf).</summary>
    public ConnectionUri WithPassword(string? password) =>
        new(Engine, Scheme, Host, Port, User, password, Database, Options);

    /// <summary>A copy pointing at another database on the same server.</summary>
    public ConnectionUri WithDatabase(string? database) =>
        new(Engine, Scheme, Host, Port, User, Password, database, Options);

    /// <summary>The same URI with the query option <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public ConnectionUri WithOption(string name, string value) =>
        new(Engine, Scheme, Host, Port, User, Password, Database, new Dictionary<string, string>(Options, StringComparer.OrdinalIgnoreCase) { [name] = value });

    /// <summary>A copy without the option (one the caller has taken for itself).</summary>
    public ConnectionUri WithoutOption(string key) =>
        new(Engine, Scheme, Host, Port, User, Password, Database, Options.Where(o => !string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase)).ToDictionary(o => o.Key, o => o.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>The option's value, or null when it is absent.</summary>
    public string? GetOption(string key) => Options.TryGetValue(key, out var v) ? v : null;

    /// <summary>The URI with the password replaced by <see cref="Mask"/>. Safe to print.</summary>
    public override string ToString() => Format(maskPassword: true);

    /// <summary>The URI including the password, for handing to a driver. Never print it.</summary>
    public string ToUnmaskedString() => Format(maskPassword: false);

    private string Format(bool maskPassword)
    {
        var sb = new StringBuilder();
        sb.Append(Scheme).Append("://");
        if (User is not null)
        {
            sb.Append(Uri.EscapeDataString(User));
            if (Password is not null)
            {
                sb.Append(':').Append(maskPassword ? Mask : Uri.EscapeDataString(Password));
            }

            sb.Append('@');
        }

        sb.Append(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host);
        sb.Append(':').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (Database is not null)
        {
            sb.Append('/').Append(Uri.EscapeDataString(Database));
        }

        var first = true;
        foreach (var (k, v) in Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? '?' : '&');
            first = false;
            sb.Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(v));
        }

        return sb.ToString();
    }

    private static (string Host, int Port) ParseHostPort(string text, int defaultPort, string scheme)
    {
        if (text.Length == 0)
        {
            return (string.Empty, defaultPort);
        }

        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ConnectionUriException($"Unclosed '[' in the host of a {scheme}:// URI.");
            }

            var host6 = text[1..close];
            var after = text[(close + 1)..];
            return after.StartsWith(':') ? (host6, ParsePort(after[1..], scheme)) : (host6, defaultPort);
        }

        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            return (Decode(text[..colon], "host"), ParsePort(text[(colon + 1)..], scheme));
        }

        return (Decode(text, "host"), defaultPort);
    }

    private static int ParsePort(string text, string scheme)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ConnectionUriException($"Invalid port '{text}' in a {scheme}:// URI; expected 1-65535.");
        }

        return port;
    }

    private static string Decode(string text, string what)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException ex)
        {
            // Never echo the raw text: it may be the password.
            throw new ConnectionUriException($"The {what} in the URI is not valid percent-encoding.", ex);
        }
    }
}
