using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Logging;

/// <summary>The level of a diagnostic line written as text: what its words say it is (<c>error:</c>, <c>warning:</c>), else information.</summary>
internal static class DiagnosticLevel
{
    public static LogLevel Of(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Contains("error:", StringComparison.Ordinal) ? LogLevel.Error
            : message.Contains("warning:", StringComparison.Ordinal) ? LogLevel.Warning
            : LogLevel.Information;
    }
}
