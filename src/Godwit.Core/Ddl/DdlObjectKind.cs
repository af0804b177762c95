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
    Sequence,
    Function,

    /// <summary>GRANT/REVOKE: optional (a grant to a role the target lacks fails alone).</summary>
    Grant,

    /// <summary>Anything else a source's own dump holds (policies, rules, extensions, statistics…).</summary>
    Other,
}
