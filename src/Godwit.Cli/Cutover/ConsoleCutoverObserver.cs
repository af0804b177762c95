using System.Globalization;
using Godwit.Core.Engines.Cutover;

namespace Godwit.Cli.Cutover;

/// <summary>Logs each step to stderr as it starts and ends, with its duration.</summary>
public sealed class ConsoleCutoverObserver(CliConsole console) : ICutoverObserver
{
    public Task StepStartingAsync(string step, CancellationToken cancellationToken)
    {
        console.Diagnostic($"godwit: cutover: {step} …");
        return Task.CompletedTask;
    }

    public void StepFinished(CutoverStepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        console.Diagnostic(string.Create(
            CultureInfo.InvariantCulture,
            $"godwit: cutover: {result.Name} {result.Status} in {result.Duration.TotalMilliseconds:0} ms: {result.Detail}"));
    }

    public void Log(string message) => console.Diagnostic(message);
}
