namespace Godwit.Postgres.Replication;

/// <summary>A published table as pgoutput describes it (protocol "Relation" message).</summary>
public sealed record PgRelation(uint Id, string Schema, string Name, PgReplicaIdentity ReplicaIdentity, IReadOnlyList<PgRelationColumn> Columns)
{
    /// <summary>Same columns (names, types, key flags) in the same order.</summary>
    public bool SameShapeAs(PgRelation other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Schema == other.Schema && Name == other.Name && ReplicaIdentity == other.ReplicaIdentity && Columns.SequenceEqual(other.Columns);
    }

    public override string ToString() => $"{Schema}.{Name}";
}
