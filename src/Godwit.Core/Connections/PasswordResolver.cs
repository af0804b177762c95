namespace Godwit.Core.Connections;

/// <summary>
/// Fills in a URI's missing password, in this order: the URI itself, <c>GODWIT_SOURCE_PASSWORD</c> /
/// <c>GODWIT_TARGET_PASSWORD</c>, then <c>~/.pgpass</c> (PostgreSQL, or <c>PGPASSFILE</c>) or
/// <c>~/.my.cnf</c> (MySQL, <c>[client]</c> section). A password found outside the URI is registered with
/// <see cref="SecretMasker"/> so that no later message can print it; one inside the URI is masked
/// wherever the URI is printed.
/// </summary>
public sealed class PasswordResolver
{
    public const string SourcePasswordVariable = "GODWIT_SOURCE_PASSWORD";
    public const string TargetPasswordVariable = "GODWIT_TARGET_PASSWORD";

    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly string? _homeDirectory;

    public PasswordResolver()
        : this(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
    {
    }

    public PasswordResolver(Func<string, string?> getEnvironmentVariable, string? homeDirectory)
    {
        _getEnvironmentVariable = getEnvironmentVariable;
        _homeDirectory = string.IsNullOrEmpty(homeDirectory) ? null : homeDirectory;
    }

    public ConnectionUri Resolve(ConnectionUri uri, EndpointRole role)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Password is not null)
        {
            return uri;
        }

        var password = FromEnvironment(role) ?? FromFile(uri);
        SecretMasker.Register(password);
        return password is null ? uri : uri.WithPassword(password);
    }

    private string? FromEnvironment(EndpointRole role)
    {
        var value = _getEnvironmentVariable(role == EndpointRole.Source ? SourcePasswordVariable : TargetPasswordVariable);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private string? FromFile(ConnectionUri uri)
    {
        if (uri.Engine == DatabaseEngine.Postgres)
        {
            var path = _getEnvironmentVariable("PGPASSFILE") ?? (_homeDirectory is null ? null : Path.Combine(_homeDirectory, ".pgpass"));
            return path is not null && File.Exists(path) ? PgPassFile.Find(File.ReadAllLines(path), uri) : null;
        }

        var cnf = _homeDirectory is null ? null : Path.Combine(_homeDirectory, ".my.cnf");
        return cnf is not null && File.Exists(cnf) ? MyCnfFile.FindPassword(File.ReadAllLines(cnf)) : null;
    }
}
