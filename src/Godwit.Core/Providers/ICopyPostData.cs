using Godwit.Core.Engines.Copy;

namespace Godwit.Core.Providers;

/// <summary>The post-data phase: each table's indexes and constraints, started as soon as its rows are in.</summary>
public interface ICopyPostData
{
    void StartTable(string targetTable, CancellationToken cancellationToken);

    /// <summary>Finishes every table's post-data (starting those not started yet).</summary>
    Task<PostDataResult> FinishAsync(CancellationToken cancellationToken);

    /// <summary>Stops what is running after a failed copy.</summary>
    Task AbandonAsync();
}
