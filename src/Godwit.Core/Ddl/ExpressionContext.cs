namespace Godwit.Core.Ddl;

/// <summary>Where a translated expression will live; generated columns and CHECKs need immutable functions.</summary>
public enum ExpressionContext
{
    /// <summary>CHECK constraints and generated columns: immutable functions only.</summary>
    Immutable,

    /// <summary>Column defaults: may call volatile functions (now(), uuid()).</summary>
    Default,

    /// <summary>View definitions: a whole SELECT.</summary>
    View,
}
