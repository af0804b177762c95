namespace Godwit.Core.Types;

/// <summary>How an ENUM column is represented.</summary>
public enum EnumPolicy
{
    /// <summary>text with a CHECK (col IN (labels)) (the default).</summary>
    TextCheck,

    /// <summary>A PostgreSQL enum type per column.</summary>
    PgEnum,

    /// <summary>Plain text, no check.</summary>
    Text,
}
