using Godwit.Core.Verify;

namespace Godwit.Cluster;

/// <summary>A verify rebuilt on one worker: its tables, both endpoints, and the options its chunks are compared with.</summary>
public sealed record VerifyJobContext(IReadOnlyList<VerifyTable> Tables, IVerifyEndpoint Source, IVerifyEndpoint Target, VerifyOptions Options)
{
    public VerifyTable Table(string name) =>
        Tables.FirstOrDefault(t => t.Name == name)
        ?? throw new InvalidOperationException($"table {name} is not in the plan of this verify on this worker: does its source differ from the client's?");
}
