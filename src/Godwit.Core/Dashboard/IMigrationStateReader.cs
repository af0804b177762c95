namespace Godwit.Core.Dashboard;

/// <summary>
/// Reads what a target's state store holds about the migrations into it (streams, their lag history, copy runs,
/// cutovers, verify runs), so a dashboard on any machine sees what every process running the migration wrote.
/// </summary>
public interface IMigrationStateReader
{
    /// <param name="history">How far back the streams' samples go.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    Task<MigrationState> ReadAsync(TimeSpan history, CancellationToken cancellationToken);
}
