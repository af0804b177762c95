namespace Godwit.Core.Engines.Cutover;

/// <summary>One step as it ran: ok, failed or skipped, how long it took, and what it found or did.</summary>
public sealed record CutoverStepResult(string Name, string Status, TimeSpan Duration, string Detail)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}
