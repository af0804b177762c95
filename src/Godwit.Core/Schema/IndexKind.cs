namespace Godwit.Core.Schema;

public enum IndexKind
{
    Primary,
    Unique,
    Index,
    Fulltext,
    Spatial,
}
