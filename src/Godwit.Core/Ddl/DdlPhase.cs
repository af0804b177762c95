namespace Godwit.Core.Ddl;

/// <summary>When a statement runs relative to the bulk copy.</summary>
public enum DdlPhase
{
    /// <summary>Before the copy: schema, enum types, tables (columns, defaults, identity, NOT NULL).</summary>
    PreData,

    /// <summary>After the copy: keys, indexes, checks, FKs, identity restarts, views, comments, triggers.</summary>
    PostData,
}
