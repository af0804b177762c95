namespace Godwit.Cli;

/// <summary>A failure the user can act on: printed as one clear line (masked), with an exit code.</summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = Cli.ExitCode.Error)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException()
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = Cli.ExitCode.Error;
    }

    public int ExitCode { get; } = Cli.ExitCode.Error;
}
