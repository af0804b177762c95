namespace Godwit.Cli;

/// <summary>Godwit's process exit codes; scripts depend on them.</summary>
public static class ExitCode
{
    public const int Success = 0;

    /// <summary>The command failed: bad input, a connection error, a server error.</summary>
    public const int Error = 1;

    /// <summary>The command ran and found differences (verify) or blockers (assess).</summary>
    public const int Findings = 2;

    /// <summary>A cutover aborted safely (gates not met, or a step failed and was undone): the source is writable, nothing switched.</summary>
    public const int Aborted = 3;

    /// <summary>Stopped cleanly on Ctrl-C (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped cleanly on SIGTERM (128 + SIGTERM).</summary>
    public const int Terminated = 143;
}
