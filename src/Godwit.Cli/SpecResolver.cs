using System.CommandLine;
using Godwit.Core.Connections;
using Godwit.Core.Specs;

namespace Godwit.Cli;

/// <summary>
/// Combines <c>godwit.yaml</c> with the command line (the command line wins) and resolves endpoints,
/// filling passwords from the environment, ~/.pgpass or ~/.my.cnf.
/// </summary>
public sealed class SpecResolver
{
    private readonly PasswordResolver _passwords;
    private readonly string _workingDirectory;

    public SpecResolver(PasswordResolver passwords, string workingDirectory)
    {
        _passwords = passwords;
        _workingDirectory = workingDirectory;
    }

    public static SpecResolver Default { get; } = new(new PasswordResolver(), Environment.CurrentDirectory);

    /// <summary>The spec file given with <c>--spec</c>, else <c>./godwit.yaml</c> if present, else an empty spec.</summary>
    public MigrationSpec LoadFile(FileInfo? explicitPath)
    {
        if (explicitPath is not null)
        {
            return MigrationSpecLoader.LoadFile(explicitPath.FullName);
        }

        var implicitPath = Path.Combine(_workingDirectory, MigrationSpecLoader.DefaultFileName);
        return File.Exists(implicitPath) ? MigrationSpecLoader.LoadFile(implicitPath) : new MigrationSpec();
    }

    /// <summary>Parses and password-resolves an endpoint taken from the command line or, failing that, the spec.</summary>
    public ConnectionUri? Endpoint(ConnectionUri? fromCommandLine, string? fromSpec, EndpointRole role, string? origin)
    {
        var uri = fromCommandLine;
        if (uri is null && fromSpec is not null)
        {
            try
            {
                uri = ConnectionUri.Parse(fromSpec);
            }
            catch (ConnectionUriException ex)
            {
                throw new CliException($"{origin}: '{role.ToString().ToLowerInvariant()}': {ex.Message}");
            }
        }

        return uri is null ? null : _passwords.Resolve(uri, role);
    }

    /// <summary>Reads a required endpoint; a clear error when neither the command line nor the spec gives it.</summary>
    public ConnectionUri RequireEndpoint(ParseResult parse, Option<ConnectionUri?> option, MigrationSpec spec, EndpointRole role)
    {
        var fromSpec = role == EndpointRole.Source ? spec.Source : spec.Target;
        return Endpoint(parse.GetValue(option), fromSpec, role, spec.Origin)
            ?? throw new CliException($"no {role.ToString().ToLowerInvariant()} given: pass {option.Name} URI or set '{role.ToString().ToLowerInvariant()}:' in godwit.yaml.");
    }
}
