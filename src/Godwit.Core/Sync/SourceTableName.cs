namespace Godwit.Core.Sync;

/// <summary>A table a DDL statement names: its database when the statement qualifies it, else null (the session's default).</summary>
public sealed record SourceTableName(string? Database, string Name)
{
    public string In(string defaultDatabase) => Database ?? defaultDatabase;

    public override string ToString() => Database is null ? Name : $"{Database}.{Name}";
}
