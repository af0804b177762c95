using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Logging;

/// <summary>One category's logger over <see cref="CliConsole.Log"/>.</summary>
internal sealed class CliLogger(CliConsole console, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= console.LogOptions.MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            console.Log(logLevel, category, formatter(state, exception));
        }
    }
}
