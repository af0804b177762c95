namespace Godwit.Core.Verify;

/// <summary>Verify's progress (<see cref="IVerifyProgressStore"/>) and each finished run's outcome, which cutover's gate reads.</summary>
public interface IVerifyStore : IVerifyProgressStore, IAsyncDisposable
{
    /// <summary>Records a finished run: the tables it covered, the differences found, and the tables that differed.</summary>
    Task RecordOutcomeAsync(
        string runId, string targetSchema, string mode, long differences, IReadOnlyList<string> tables, IReadOnlyList<string> differingTables, CancellationToken cancellationToken);
}
