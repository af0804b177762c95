namespace Godwit.Postgres.Source;

/// <summary>An object a recorded DDL command touched: the command's tag, the object's kind, its schema and its (table's) name.</summary>
internal sealed record PgRecordedDdlObject(string Tag, string Type, string Schema, string Name);
