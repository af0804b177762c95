using Godwit.Core.Sync;

namespace Godwit.Core.Providers.Changes;

/// <summary>
/// A schema change: the statement as the source ran it, parsed by the source's provider. Usually a transaction of
/// its own; a <c>CREATE TABLE … SELECT</c> is logged inside the transaction that then inserts the selected rows.
/// </summary>
public sealed class ChangeSchema : ChangeEvent
{
    private readonly bool _endsTransaction;

    public ChangeSchema(string statement, string defaultSchema, SourceDdl ddl, bool endsTransaction)
    {
        Statement = statement ?? throw new ArgumentNullException(nameof(statement));
        DefaultSchema = defaultSchema ?? string.Empty;
        Ddl = ddl ?? throw new ArgumentNullException(nameof(ddl));
        _endsTransaction = endsTransaction;
    }

    public string Statement { get; }

    /// <summary>The schema (MySQL database) unqualified names in the statement belong to; empty when none was chosen.</summary>
    public string DefaultSchema { get; }

    public SourceDdl Ddl { get; }

    public override bool EndsTransaction => _endsTransaction;
}
