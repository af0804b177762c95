namespace Godwit.Postgres.Replication;

/// <summary>pg_class.relreplident: which old values UPDATE and DELETE carry.</summary>
public enum PgReplicaIdentity
{
    /// <summary>'d': the primary key.</summary>
    Default,

    /// <summary>'n': nothing; UPDATE and DELETE cannot be published.</summary>
    Nothing,

    /// <summary>'f': every column.</summary>
    Full,

    /// <summary>'i': the columns of a chosen unique index.</summary>
    Index,
}
