using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Copy;
using Godwit.Core.Providers;

namespace Godwit.Cluster;

/// <summary>A job rebuilt on one silo: its plan, options, target sink and a way to open source readers.</summary>
public sealed record CopyJobContext(PgSchemaPlan Plan, CopyOptions Options, ICopySink Sink, Func<ICopySource> NewSource)
{
    public CopyTable Table(string name)
    {
        var mapping = Plan.Tables.FirstOrDefault(t => t.Source.Key == name)
            ?? throw new InvalidOperationException($"table {name} is not in the plan of this copy on this worker: does its source differ from the client's?");
        return new CopyTable(mapping) { Filter = Options.Filters.GetValueOrDefault(name) };
    }
}
