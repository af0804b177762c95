namespace Godwit.Demo;

/// <summary>The demo tool's exit codes, the same as godwit's: scripts depend on them.</summary>
public static class DemoExitCode
{
    public const int Success = 0;

    /// <summary>The command failed: bad input, a connection error.</summary>
    public const int Error = 1;

    /// <summary>The command ran and found problems: failed app writes, a ledger the target disagrees with, a demo that went wrong.</summary>
    public const int Findings = 2;

    public const int Interrupted = 130;

    public const int Terminated = 143;
}
