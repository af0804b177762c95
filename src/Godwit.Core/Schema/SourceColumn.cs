namespace Godwit.Core.Schema;

/// <summary>A column of a source table.</summary>
public sealed record SourceColumn
{
    public required string Name { get; init; }

    /// <summary>1-based position.</summary>
    public int Ordinal { get; init; }

    public required MySqlType Type { get; init; }

    public bool IsNullable { get; init; } = true;

    public ColumnDefault Default { get; init; } = ColumnDefault.None;

    public bool OnUpdateCurrentTimestamp { get; init; }

    public bool IsAutoIncrement { get; init; }

    /// <summary>The generation expression of a generated column (as the server shows it), else null.</summary>
    public string? GenerationExpression { get; init; }

    public bool IsStoredGenerated { get; init; }

    public string? Comment { get; init; }

    public string? Charset { get; init; }

    public string? Collation { get; init; }

    public bool IsGenerated => GenerationExpression is not null;
}
