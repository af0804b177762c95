namespace Godwit.Core.Engines.Cutover;

/// <summary>The steps of a cutover, in order; the names appear in logs, <c>--json</c> and <c>godwit.cutovers</c>.</summary>
public static class CutoverStep
{
    public const string Gates = "gates";
    public const string Freeze = "freeze";
    public const string Drain = "drain";
    public const string Sequences = "sequences";
    public const string FinalCheck = "final-check";
    public const string Switch = "switch";

    /// <summary>After the switch: writes still sent to the source wait out --switch-hold, then their sessions end.</summary>
    public const string Hold = "hold";

    /// <summary>Undoing a freeze or a half-done switch after a failed step.</summary>
    public const string Abort = "abort";

    /// <summary>Inside the freeze, before the switch: the reverse stream's starting point on the target and its state on the source.</summary>
    public const string ReverseStream = "reverse-stream";

    public static IReadOnlyList<string> All { get; } = [Gates, Freeze, Drain, Sequences, FinalCheck, Switch, Hold];
}
