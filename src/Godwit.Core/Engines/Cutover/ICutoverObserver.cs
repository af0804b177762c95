namespace Godwit.Core.Engines.Cutover;

/// <summary>
/// Hears each step start and finish. The command logs them; tests use the awaited start to act at an exact point
/// of the cutover (take the target away just before the switch, hold the stream back after the freeze).
/// </summary>
public interface ICutoverObserver
{
    Task StepStartingAsync(string step, CancellationToken cancellationToken);

    void StepFinished(CutoverStepResult result);

    void Log(string message);
}
