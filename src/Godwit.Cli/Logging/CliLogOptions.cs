using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Logging;

/// <summary>The global <c>--verbose</c>, <c>--quiet</c> and <c>--log-format</c> choices.</summary>
/// <param name="MinimumLevel">Debug with --verbose, Warning with --quiet, else Information.</param>
/// <param name="Format">Text (default) or JSON lines.</param>
public sealed record CliLogOptions(LogLevel MinimumLevel, LogFormat Format)
{
    public static CliLogOptions Default { get; } = new(LogLevel.Information, LogFormat.Text);
}
