namespace Godwit.Core.Providers.Changes;

/// <summary>What a row change does.</summary>
public enum RowChangeKind
{
    Insert,
    Update,
    Delete,

    /// <summary>Every row of the table goes (PostgreSQL logs TRUNCATE as a change of its own, inside the transaction; one "row" with no images).</summary>
    Truncate,
}
