using Godwit.Core.Providers.Changes;
using Godwit.Core.Sync;

namespace Godwit.Core.Engines.Sync;

/// <summary>
/// Which logged rows a stream applies (a tenant move's stream applies one tenant's rows only). Called in the
/// stream's order for every row of every table, so it may learn from the rows it keeps (a parent key that joins the
/// tenant). A row can also move into or out of the filtered rows (an UPDATE that changes its tenant): the target holds
/// no copy of a row moving in and must lose the one moving out, so the filter may turn such an update into an insert
/// of the new image or a delete of the old one.
/// </summary>
public interface IChangeRowFilter
{
    /// <summary>
    /// How the row change is applied: as logged, an <see cref="RowChangeKind.Update"/> as an
    /// <see cref="RowChangeKind.Insert"/> (of the after image) or a <see cref="RowChangeKind.Delete"/> (of the before
    /// image), or null to pass it over. The images are valid only during the call.
    /// </summary>
    RowChangeKind? ApplyAs(ChangeTable table, RowChangeKind kind, ISourceRowImage? before, ISourceRowImage? after);
}
