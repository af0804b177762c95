using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;

namespace Godwit.Core.Engines.Sync;

/// <summary>
/// Which logged rows a stream applies (a tenant move's stream applies one tenant's rows only). Called in the
/// stream's order for every row of every table, so it may learn from the rows it keeps (a parent key that joins the
/// tenant).
/// </summary>
public interface IChangeRowFilter
{
    /// <summary>Whether the row change is applied; the images are valid only during the call.</summary>
    bool Keep(ChangeTable table, RowChangeKind kind, ISourceRowImage? before, ISourceRowImage? after);
}
