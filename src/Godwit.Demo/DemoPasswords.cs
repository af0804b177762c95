using Godwit.Core.Connections;

namespace Godwit.Demo;

/// <summary>
/// Passwords the demo's URIs leave out, found as godwit finds them (<see cref="PasswordResolver"/>: the URI, then
/// <c>GODWIT_SOURCE_PASSWORD</c> / <c>GODWIT_TARGET_PASSWORD</c>, then ~/.my.cnf or ~/.pgpass), so that a script can
/// keep them off command lines, which every local user can read (<c>ps</c>, /proc/PID/cmdline).
/// </summary>
internal static class DemoPasswords
{
    /// <summary>The app account's password: the app's own, never the admin's <c>GODWIT_SOURCE_PASSWORD</c>.</summary>
    public const string AppPasswordVariable = "GODWIT_DEMO_APP_PASSWORD";

    public static ConnectionUri Resolve(ConnectionUri uri, EndpointRole role) => new PasswordResolver().Resolve(uri, role);

    /// <summary>
    /// The app's MariaDB URI with its password: from the URI, else <c>GODWIT_DEMO_APP_PASSWORD</c>, else as for any
    /// source. The app variable comes first: the shell that runs the app may hold the admin's password for godwit.
    /// </summary>
    public static ConnectionUri ResolveApp(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Password is null && Environment.GetEnvironmentVariable(AppPasswordVariable) is { Length: > 0 } password)
        {
            SecretMasker.Register(password);
            return uri.WithPassword(password);
        }

        return Resolve(uri, EndpointRole.Source);
    }
}
