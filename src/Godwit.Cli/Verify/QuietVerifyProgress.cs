using Godwit.Core.Verify;

namespace Godwit.Cli.Verify;

/// <summary>No display: a verify run in the background (a guard's trigger) reports through its result only.</summary>
public sealed class QuietVerifyProgress : IVerifyProgress
{
    public static QuietVerifyProgress Instance { get; } = new();

    public void TableStarted(VerifyTable table, long estimatedRows)
    {
    }

    public void RowsDone(VerifyTable table, long rows)
    {
    }

    public void TableFinished(VerifyTable table, TableVerifyResult result)
    {
    }
}
