namespace Godwit.Cli.Logging;

/// <summary>How diagnostics are written on stderr: lines for people, or one JSON object per line for log shippers.</summary>
public enum LogFormat
{
    Text,
    Json,
}
