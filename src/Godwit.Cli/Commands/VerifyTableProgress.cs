namespace Godwit.Cli.Commands;

/// <summary>Rows done for one table, updated from the verifying tasks and read by the display.</summary>
internal sealed class VerifyTableProgress
{
#pragma warning disable CA1051 // updated with Interlocked, so a field on purpose
    public long Rows;
#pragma warning restore CA1051

    public long Estimate { get; set; }

    public bool Done { get; set; }
}
