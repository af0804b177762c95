namespace Godwit.Core.Dashboard;

/// <summary>
/// Reads what a target's state store holds about the migrations into it (streams, their lag history, copy runs,
/// cutovers, verify runs), so a dashboard on any machine sees what every process running the migration wrote.
/// </summary>
public interface IMigrationStateReader
{
    /// <summary>
    /// Where the state lives (host, port and, where each database has its own, the database): two readers with the same
    /// store read the same state, so the dashboard reads it once when source and target share it.
    /// </summary>
    string Store { get; }

    /// <param name="history">How far back the streams' samples go.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    Task<MigrationState> ReadAsync(TimeSpan history, CancellationToken cancellationToken);
}
