namespace Godwit.Postgres.Replication;

/// <summary>A column of a published table: name, type OID and modifier, and whether it is part of the replica identity.</summary>
public sealed record PgRelationColumn(string Name, uint TypeOid, int TypeModifier, bool IsKey);
