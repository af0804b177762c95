namespace Godwit.Core.Verify;

/// <summary>Progress callbacks for a display; called from the verifying task, one table at a time.</summary>
public interface IVerifyProgress
{
    void TableStarted(VerifyTable table, long estimatedRows);

    void RowsDone(VerifyTable table, long rows);

    void TableFinished(VerifyTable table, TableVerifyResult result);
}
