namespace Godwit.Cluster;

/// <summary>Where a worker reports what it does (stderr of <c>godwit worker</c>): chunks started and committed.</summary>
public sealed class WorkerNotes(Action<string> write)
{
    public void Write(string message) => write(message);
}
