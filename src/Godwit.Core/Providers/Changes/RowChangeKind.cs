namespace Godwit.Core.Providers.Changes;

/// <summary>What a row change does.</summary>
public enum RowChangeKind
{
    Insert,
    Update,
    Delete,
}
