namespace Godwit.Core.Ddl;

/// <summary>One DDL statement; <see cref="Optional"/> ones (views) may fail without failing the schema.</summary>
public sealed record DdlStatement(DdlPhase Phase, DdlObjectKind Kind, string Object, string Sql)
{
    public bool Optional { get; init; }

    /// <summary>The target table the statement creates or alters, when it belongs to one.</summary>
    public string? Table { get; init; }
}
