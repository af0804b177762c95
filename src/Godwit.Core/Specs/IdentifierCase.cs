namespace Godwit.Core.Specs;

/// <summary>How source identifiers are named on the target.</summary>
public enum IdentifierCase
{
    /// <summary>Lower-cased (PostgreSQL's folding), the default.</summary>
    Lower,

    /// <summary>Kept exactly, and therefore quoted.</summary>
    Keep,
}
