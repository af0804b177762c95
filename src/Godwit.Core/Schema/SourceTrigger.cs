namespace Godwit.Core.Schema;

public sealed record SourceTrigger
{
    public required string Name { get; init; }

    public required string Table { get; init; }

    public required string Timing { get; init; }

    public required string Event { get; init; }

    public string Statement { get; init; } = string.Empty;

    /// <summary>
    /// information_schema.TRIGGERS.ACTION_ORDER: where the trigger fires among the table's triggers of the same timing
    /// and event (1 first; creation order, or as FOLLOWS/PRECEDES placed it); 0 when the server does not say.
    /// </summary>
    public int ActionOrder { get; init; }
}
