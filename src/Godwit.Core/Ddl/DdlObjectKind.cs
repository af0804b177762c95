namespace Godwit.Core.Ddl;

public enum DdlObjectKind
{
    Schema,
    Type,
    Table,
    PrimaryKey,
    Unique,
    Index,
    Check,
    ForeignKey,
    IdentityRestart,
    View,
    Comment,
    Trigger,
}
