using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Logging;

/// <summary>
/// Microsoft.Extensions.Logging onto the command's stderr (<see cref="CliConsole.Log"/>): masked like every other
/// line, at the level and in the format the global options choose, one category per part (<c>Godwit.Sync</c>, …).
/// </summary>
public sealed class CliLoggerProvider(CliConsole console) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CliLogger(console, categoryName);

    public void Dispose()
    {
        // Nothing held: the console outlives the loggers.
    }
}
