using System.Globalization;
using Godwit.Core.Engines.Cutover;

namespace Godwit.Cli.Cutover;

/// <summary>
/// Logs each step to stderr as it starts and ends, with its duration. For recovery drills (and the tests that kill a
/// cutover or rollback with -9 between any two steps), <c>GODWIT_PAUSE_BEFORE_STEP=STEP</c> makes it wait before that
/// step until the process is stopped: what is left then is exactly what the steps before it did.
/// </summary>
public sealed class ConsoleCutoverObserver(CliConsole console) : ICutoverObserver
{
    /// <summary>The environment variable naming the step to pause before (a step name as the log prints it, e.g. <c>drain</c>).</summary>
    public const string PauseVariable = "GODWIT_PAUSE_BEFORE_STEP";

    private readonly string? _pauseBefore = Environment.GetEnvironmentVariable(PauseVariable) is { Length: > 0 } step ? step : null;

    public async Task StepStartingAsync(string step, CancellationToken cancellationToken)
    {
        if (string.Equals(step, _pauseBefore, StringComparison.Ordinal))
        {
            console.Diagnostic($"godwit: cutover: paused before {step} ({PauseVariable}); stop the process to drill the recovery");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        console.Diagnostic($"godwit: cutover: {step} …");
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
